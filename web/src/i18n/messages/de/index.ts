import type { Messages } from '../en/index.js';
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

/** The German catalogue (see the English one, which is the reference). */
export const de: Messages = {
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
