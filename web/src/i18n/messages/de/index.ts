import type { Messages } from '../en/index.js';
import { account } from './account.js';
import { auth } from './auth.js';
import { common } from './common.js';
import { errors } from './errors.js';
import { settings } from './settings.js';
import { shell } from './shell.js';

/** The German catalogue (see the English one, which is the reference). */
export const de: Messages = {
  account,
  auth,
  common,
  errors,
  settings,
  shell,
};
