import type { Messages } from '../en/index.js';
import { auditLog } from './auditLog.js';
import { common } from './common.js';
import { contracts } from './contracts.js';
import { errors } from './errors.js';
import { invitations } from './invitations.js';
import { ownership } from './ownership.js';
import { teams } from './teams.js';

/** The German catalogue (see the English one, which is the reference). */
export const de: Messages = {
  auditLog,
  common,
  contracts,
  errors,
  invitations,
  ownership,
  teams,
};
