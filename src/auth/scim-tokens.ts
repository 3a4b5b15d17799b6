import type { Db } from '../db/database.js';
import { COMPANY_TOKEN_KINDS, companyTokenFor } from './company-tokens.js';

/** SCIM tokens start with this prefix: told apart from API tokens (`rst_`) at a glance, and by the auth hook. */
export const SCIM_TOKEN_PREFIX = COMPANY_TOKEN_KINDS.scim.prefix;

/** The company a live SCIM token acts for, or null (unknown or revoked); its use is recorded at most once a minute. */
export const scimTokenFor = (db: Db, token: string, now: Date): Promise<{ tokenId: string; companyId: string } | null> =>
  companyTokenFor(db, 'scim', token, now);
