import type { Messages } from '../en/index.js';
import { bulk } from './bulk.js';
import { common } from './common.js';
import { errors } from './errors.js';
import { inviteMany } from './inviteMany.js';
import { memberDetails } from './memberDetails.js';
import { members } from './members.js';
import { roles } from './roles.js';

/** The German catalogue (see the English one, which is the reference). */
export const de: Messages = {
  bulk,
  common,
  errors,
  inviteMany,
  memberDetails,
  members,
  roles,
};
