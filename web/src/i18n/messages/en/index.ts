import { bulk } from './bulk.js';
import { common } from './common.js';
import { errors } from './errors.js';
import { inviteMany } from './inviteMany.js';
import { memberDetails } from './memberDetails.js';
import { members } from './members.js';
import { roles } from './roles.js';

/**
 * The English catalogue: every word the page shows, one area per page or shared part. It is the
 * reference: each other language's catalogue has this shape exactly (`Messages`), so a message
 * missing from one, or taking other arguments, does not compile.
 */
export const en = {
  bulk,
  common,
  errors,
  inviteMany,
  memberDetails,
  members,
  roles,
};

export type Messages = typeof en;
