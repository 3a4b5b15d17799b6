import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the schema as it was then */

/**
 * Single sign-on with OpenID Connect (RULES.md §4 "Single sign-on"):
 * - `company_sso`: a company's OpenID Provider (issuer, client id, the client secret sealed with
 *   the server's key, bound to the company's id) and whether password sign-in is refused at the
 *   domains it covers (`enforced`). No row: no single sign-on.
 * - `sso_domains`: the verified domains the company's provider covers. A domain is covered by one
 *   company at a time because a company covers only domains it holds verified, which one company at
 *   a time does (the unique index of migration 0016); a covered domain the company no longer holds
 *   verified covers nothing (sign-in joins the two).
 * - `sso_logins`: a sign-in sent to the provider and not yet back: the hash of its `state`, the
 *   nonce, PKCE verifier and where to go after (sealed: a page's path may hold an invitation's
 *   token), the email asked for; 10 minutes, used once.
 *   In the database, not in a process's memory: the callback may reach another process.
 * - `sso_identities`: the provider's subject (`iss` + `sub`) linked to a Roster account, so that
 *   later sign-ins find the account by subject, whatever its email has become.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_sso')
    .addColumn('company_id', 'text', (c) => c.primaryKey().references('companies.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('enforced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_domains')
    .addColumn('company_id', 'text', (c) => c.notNull().references('company_sso.company_id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_domains_pk', ['company_id', 'domain'])
    .execute();
  await db.schema.createIndex('sso_domains_by_domain').on('sso_domains').column('domain').execute();

  await db.schema
    .createTable('sso_logins')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_logins_by_expiry').on('sso_logins').column('expires_at').execute();

  await db.schema
    .createTable('sso_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('sso_identities_by_user').on('sso_identities').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_identities').execute();
  await db.schema.dropTable('sso_logins').execute();
  await db.schema.dropTable('sso_domains').execute();
  await db.schema.dropTable('company_sso').execute();
}
