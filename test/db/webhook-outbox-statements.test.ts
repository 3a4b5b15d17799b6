import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/commands/audit.js';
import { createTeam } from '../../src/commands/create-team.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany } from '../support/factories.js';
import { api, call } from '../support/refusals.js';

// What a write pays for webhooks (docs/DECISIONS.md "Webhooks"): in a company with no enabled
// endpoint, one indexed read of `webhook_endpoints` per transaction, whatever the number of audit
// events it records, and nothing else; with endpoints, a delivery row per endpoint wanting the type.

let server: TestServer;
let recording: Db;
const statements: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
  recording = openDatabase(server.config.databaseUrl, { poolSize: 2, onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await recording.close();
  await server.close();
});

const webhookStatements = () => statements.filter((sql) => /webhook_/u.test(sql));

describe('the webhook outbox on the write path', () => {
  it('costs a company without endpoints one read of webhook_endpoints per transaction, however many events it records', async () => {
    const tenant = await makeCompany(server);
    statements.length = 0;
    await createTeam({ ...server.as(tenant.owner.id), db: recording }, tenant.company.id, { name: 'Design' });
    expect(webhookStatements()).toHaveLength(1);
    expect(webhookStatements()[0]).toMatch(/^select .* from "webhook_endpoints" where "company_id" = \$1 and "enabled" = \$2$|^select .* from "webhook_endpoints" where "company_id" = \? and "enabled" = \?$/u);

    statements.length = 0;
    await recording.write(async (tx) => {
      for (const name of ['a', 'b', 'c']) {
        await recordAudit(tx, { type: 'team.renamed', data: { name }, companyId: tenant.company.id, actorId: tenant.owner.id, requestId: undefined, now: new Date() });
      }
    });
    expect(webhookStatements()).toHaveLength(1);
  });

  it('queues one delivery per enabled endpoint that wants the type, in the same transaction', async () => {
    const tenant = await makeCompany(server);
    for (const eventTypes of [['team.created'], ['team.created', 'member.left'], ['member.left']]) {
      const res = await call(server, 'POST', api(`/companies/${tenant.company.id}/webhooks`), tenant.owner, { url: 'https://hooks.example.com/x', eventTypes });
      expect(res.statusCode).toBe(201);
    }
    statements.length = 0;
    await createTeam({ ...server.as(tenant.owner.id), db: recording }, tenant.company.id, { name: 'Design' });
    expect(webhookStatements().filter((sql) => sql.startsWith('insert into "webhook_deliveries"'))).toHaveLength(2);
    const rows = await server.db.kysely.selectFrom('webhookDeliveries').select('eventType').where('companyId', '=', tenant.company.id).execute();
    expect(rows).toEqual([{ eventType: 'team.created' }, { eventType: 'team.created' }]);
  });
});
