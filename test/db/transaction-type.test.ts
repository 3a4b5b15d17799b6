import { describe, expect, it } from 'vitest';
import { lockCompany, openDatabase, type Db } from '../../src/db/database.js';
import { createSession } from '../../src/commands/sessions-shared.js';

// Checked when the project type-checks (`npm run typecheck`): each `@ts-expect-error` below fails
// the check if the line under it compiles, i.e. if a handle outside any transaction could be
// passed where a write transaction (Tx) is asked for.
function outsideATransaction(db: Db): Promise<unknown>[] {
  return [
    // @ts-expect-error db.kysely is not a transaction: the company's lock would end with the statement
    lockCompany(db.kysely, 'company'),
    // @ts-expect-error db.kysely is not a transaction
    createSession(db.kysely, 'user', new Date()),
  ];
}

describe('Tx, the executor of a write transaction', () => {
  it('is made by Db.write, and a Tx is still a Kysely executor for the reads that take either', async () => {
    const db = openDatabase('sqlite::memory:');
    try {
      await db.migrate();
      const company = await db.write((tx) => lockCompany(tx, 'no such company'));
      expect(company).toBeUndefined();
      expect(typeof outsideATransaction).toBe('function');
    } finally {
      await db.close();
    }
  });
});
