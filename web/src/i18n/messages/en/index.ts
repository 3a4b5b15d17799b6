import { auditLog } from './auditLog.js';
import { common } from './common.js';
import { contracts } from './contracts.js';
import { errors } from './errors.js';
import { invitations } from './invitations.js';
import { ownership } from './ownership.js';
import { teams } from './teams.js';

/**
 * The English catalogue: every word the page shows, one area per page or shared part. It is the
 * reference: each other language's catalogue has this shape exactly (`Messages`), so a message
 * missing from one, or taking other arguments, does not compile.
 */
export const en = {
  auditLog,
  common,
  contracts,
  errors,
  invitations,
  ownership,
  teams,
};

export type Messages = typeof en;
