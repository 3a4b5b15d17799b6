import { account } from './account.js';
import { auditLog } from './auditLog.js';
import { auth } from './auth.js';
import { bulk } from './bulk.js';
import { common } from './common.js';
import { contracts } from './contracts.js';
import { domains } from './domains.js';
import { errors } from './errors.js';
import { invitations } from './invitations.js';
import { inviteMany } from './inviteMany.js';
import { memberDetails } from './memberDetails.js';
import { members } from './members.js';
import { ownership } from './ownership.js';
import { people } from './people.js';
import { roles } from './roles.js';
import { settings } from './settings.js';
import { shell } from './shell.js';
import { teams } from './teams.js';
import { webhooks } from './webhooks.js';

/**
 * The English catalogue: every word the page shows, one area per page or shared part. It is the
 * reference: each other language's catalogue has this shape exactly (`Messages`), so a message
 * missing from one, or taking other arguments, does not compile.
 */
export const en = {
  account,
  auditLog,
  auth,
  bulk,
  common,
  contracts,
  domains,
  errors,
  invitations,
  inviteMany,
  memberDetails,
  members,
  ownership,
  people,
  roles,
  settings,
  shell,
  teams,
  webhooks,
};

export type Messages = typeof en;
