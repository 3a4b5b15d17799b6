import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { built } from '../support/built.js';
import { startChildServer, signUpOver, type ChildServer } from '../support/child-server.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { startReceiver, verifies, type TestReceiver } from '../support/webhook-receiver.js';

/**
 * A server killed with SIGKILL while its webhooks are in flight: after a restart, every event
 * queued before the kill reaches the receiver at least once (a delivery whose answer the first
 * life never recorded goes again, with its webhook-id), and none is lost.
 */
let database: TestDatabase;
let receiver: TestReceiver;
beforeAll(async () => {
  database = await openTestDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await database.drop();
});

async function call(url: string, method: string, path: string, cookie: string, body?: object) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test asserts the shape it reads
  return { status: res.status, json: (await res.json().catch(() => null)) as any };
}

const until = async (done: () => boolean | Promise<boolean>, what: string, server: ChildServer) => {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe.skipIf(!built('webhook crash'))('webhooks across a kill -9 of the server', () => {
  it('delivers every event at least once, none lost', async () => {
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: database.dir,
      MAIL_URL: `file:${database.dir}/mail`,
      RATE_LIMITS: 'off',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      // A delivery cut short by the kill holds its claim this long; then the next life takes it.
      WEBHOOK_CLAIM_SECONDS: '2',
    };
    const first = await startChildServer(env);
    const cookie = await signUpOver(first.url, 'owner@example.com');
    const company = await call(first.url, 'POST', '/api/v1/companies', cookie, { name: 'Acme' });
    const companyId = company.json.company.id as string;
    const created = await call(first.url, 'POST', `/api/v1/companies/${companyId}/webhooks`, cookie, { url: receiver.url, eventTypes: ['team.created'] });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;

    // First life: the receiver holds every request open, so the deliveries are in flight when the kill comes.
    const arrived = new Map<string, number>();
    let held = 0;
    let accepting = false;
    receiver.answer((request) => {
      if (!verifies(secret, request)) return 401;
      if (!accepting) {
        held++;
        return 'hang';
      }
      const body = JSON.parse(request.body) as { data: { targetId: string } };
      arrived.set(body.data.targetId, (arrived.get(body.data.targetId) ?? 0) + 1);
      return 204;
    });
    const teams: string[] = [];
    for (const name of ['One', 'Two', 'Three', 'Four', 'Five']) {
      const team = await call(first.url, 'POST', `/api/v1/companies/${companyId}/teams`, cookie, { name });
      expect(team.status).toBe(201);
      teams.push(team.json.team.id as string);
    }
    await until(() => held > 0, 'a delivery in flight', first);
    await first.kill('SIGKILL');
    expect(arrived.size).toBe(0);

    // Second life: the receiver accepts; every team's event arrives.
    accepting = true;
    const second = await startChildServer(env);
    try {
      await until(() => teams.every((id) => arrived.has(id)), 'every delivery', second);
      expect([...arrived.keys()].sort()).toEqual([...teams].sort());
      // Each answer is recorded: no delivery is left to send again.
      const statuses = async () => (await database.db.kysely.selectFrom('webhookDeliveries').select(['status']).where('companyId', '=', companyId).execute()).map((row) => row.status);
      await until(async () => (await statuses()).every((status) => status === 'delivered'), 'every delivery recorded', second);
      expect(await statuses()).toEqual(teams.map(() => 'delivered'));
    } finally {
      await second.kill();
    }
  });
});
