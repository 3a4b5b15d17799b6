import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { migrations } from '../../src/db/migrations/index.js';
import { SECURITY_LOG_RETENTION_DAYS } from '../../src/domain/events.js';
import { RetentionPruning, SECURITY_LOG, WEBHOOK_DELIVERY_LOG } from '../../src/jobs/pruning.js';
import { WEBHOOK_LOG_RETENTION_DAYS } from '../../src/webhooks/outbox.js';
import { loadConfig } from '../../src/config.js';
import { makeCompanyOn, makeUser } from '../support/factories.js';
import { openTestDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.drop());

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const silent = { info: () => undefined, error: () => undefined };
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

/** `count` events of the user, each `days` old (a millisecond apart). */
async function eventsAged(userId: string, days: number, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: newId(),
    userId,
    type: 'api_token.created',
    data: '{}',
    ip: null,
    createdAt: new Date(Date.parse(daysAgo(days)) - index).toISOString(),
  }));
  await database.db.kysely.insertInto('securityEvents').values(rows).execute();
}
const ages = async () =>
  (await database.db.kysely.selectFrom('securityEvents').select('createdAt').execute()).map((row) => row.createdAt).sort();

describe(`the security log’s pruning on ${TEST_DATABASE}`, () => {
  it(`deletes the events older than ${SECURITY_LOG_RETENTION_DAYS} days in bounded statements, and nothing else`, async () => {
    const user = await makeUser(database.db);
    await eventsAged(user.id, 400, 7);
    await eventsAged(user.id, 91, 5);
    await eventsAged(user.id, 89, 3);
    await eventsAged(user.id, 0, 2);
    const pruning = new RetentionPruning({ db: database.db, rules: [SECURITY_LOG], logger: silent, now: () => NOW, batchSize: 4 });
    expect(await pruning.pruneOnce()).toEqual({ 'security log': 12 });
    expect((await ages()).every((createdAt) => createdAt > daysAgo(90))).toBe(true);
    expect(await ages()).toHaveLength(5);
    expect(await pruning.pruneOnce()).toEqual({ 'security log': 0 });
  });

  it('is harmless when several processes prune at once: each old event goes once, the rest stay', async () => {
    const user = await makeUser(database.db);
    await eventsAged(user.id, 120, 50);
    await eventsAged(user.id, 10, 4);
    const before = (await ages()).length;
    const prunings = [1, 2, 3].map(() => new RetentionPruning({ db: database.db, rules: [SECURITY_LOG], logger: silent, now: () => NOW, batchSize: 7 }));
    const deleted = await Promise.all(prunings.map((pruning) => pruning.pruneOnce()));
    expect(deleted.reduce((sum, pass) => sum + (pass['security log'] ?? 0), 0)).toBe(50);
    expect(await ages()).toHaveLength(before - 50);
  });

  it('runs a pass as soon as it starts, and stops', async () => {
    const user = await makeUser(database.db);
    await eventsAged(user.id, 100, 3);
    const logged: object[] = [];
    const pruning = new RetentionPruning({
      db: database.db,
      rules: [SECURITY_LOG],
      logger: { info: (obj) => logged.push(obj), error: silent.error },
      now: () => NOW,
    });
    pruning.start();
    await expect.poll(() => logged).toEqual([{ log: 'security log', deleted: 3 }]);
    await pruning.stop();
    expect((await ages()).every((createdAt) => createdAt > daysAgo(90))).toBe(true);
  });

  it('finds the old events by their time (migration 0012), which is undone cleanly', async () => {
    const migrator = new Migrator({ db: database.db.kysely, provider: { getMigrations: () => Promise.resolve(migrations) } });
    expect((await migrator.migrateTo('0010-session-details')).error).toBeUndefined();
    const columns = async (table: string) =>
      (await database.db.kysely.introspection.getTables()).find((found) => found.name === table)?.columns.map((column) => column.name);
    expect(await columns('users')).not.toContain('deleted_at');
    expect(await columns('security_events')).not.toContain('user_agent');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await columns('users')).toContain('deleted_at');
    expect(await columns('security_events')).toContain('user_agent');
  });
});

describe(`the webhook delivery log’s pruning on ${TEST_DATABASE}`, () => {
  /** A delivery of `status`, `days` old, with `attempts` attempts logged. */
  async function deliveryAged(endpointId: string, companyId: string, status: 'pending' | 'delivered' | 'failed', days: number, attempts = 1): Promise<string> {
    const id = `msg_${newId()}`;
    const at = daysAgo(days);
    await database.db.kysely
      .insertInto('webhookDeliveries')
      .values({ id, endpointId, companyId, eventType: 'member.added', payload: '{}', status, attempts, createdAt: at, nextAttemptAt: at, lockedUntil: null, lastAttemptAt: at })
      .execute();
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await database.db.kysely
        .insertInto('webhookAttempts')
        .values({ id: newId(), deliveryId: id, attempt, at, ok: status === 'delivered' ? 1 : 0, statusCode: 500, durationMs: 5, error: null, responseBody: '' })
        .execute();
    }
    return id;
  }

  it(`deletes the finished deliveries older than ${WEBHOOK_LOG_RETENTION_DAYS} days with their attempts, and keeps pending and recent ones`, async () => {
    const { db } = database;
    const settings = loadConfig({ BASE_URL: 'http://roster.test', DATABASE_URL: database.url, DATA_DIR: database.dir });
    const { company, owner } = await makeCompanyOn(db, (actorId) => ({ db, settings, actorId, now: () => new Date(), requestId: 'test' }));
    const endpointId = newId();
    await db.kysely
      .insertInto('webhookEndpoints')
      .values({
        id: endpointId, companyId: company.id, url: 'https://hooks.example/roster', description: '', eventTypes: '["member.added"]', enabled: 1,
        disabledReason: null, secret: 'sealed', previousSecret: null, previousSecretUntil: null, failingSince: null, createdBy: owner.id,
        createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
      })
      .execute();
    const old = [
      await deliveryAged(endpointId, company.id, 'delivered', 31, 2),
      await deliveryAged(endpointId, company.id, 'failed', 45, 3),
      await deliveryAged(endpointId, company.id, 'delivered', 400),
    ];
    const kept = [
      await deliveryAged(endpointId, company.id, 'pending', 60),
      await deliveryAged(endpointId, company.id, 'delivered', 29),
      await deliveryAged(endpointId, company.id, 'failed', 1),
    ];
    const pruning = new RetentionPruning({ db: database.db, rules: [WEBHOOK_DELIVERY_LOG], logger: silent, now: () => NOW, batchSize: 2 });
    expect(await pruning.pruneOnce()).toEqual({ 'webhook delivery log': 3 });
    const left = await database.db.kysely.selectFrom('webhookDeliveries').select('id').where('endpointId', '=', endpointId).execute();
    expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
    const orphans = await database.db.kysely.selectFrom('webhookAttempts').select('id').where('deliveryId', 'in', old).execute();
    expect(orphans).toEqual([]);
  });
});
