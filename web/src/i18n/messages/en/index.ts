import { account } from './account.js';
import { auth } from './auth.js';
import { common } from './common.js';
import { errors } from './errors.js';
import { settings } from './settings.js';
import { shell } from './shell.js';

/**
 * The English catalogue: every word the page shows, one area per page or shared part. It is the
 * reference: each other language's catalogue has this shape exactly (`Messages`), so a message
 * missing from one, or taking other arguments, does not compile.
 */
export const en = {
  account,
  auth,
  common,
  errors,
  settings,
  shell,
};

export type Messages = typeof en;
