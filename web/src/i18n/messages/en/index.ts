import { common } from './common.js';
import { domains } from './domains.js';
import { errors } from './errors.js';
import { people } from './people.js';
import { webhooks } from './webhooks.js';

/**
 * The English catalogue: every word the page shows, one area per page or shared part. It is the
 * reference: each other language's catalogue has this shape exactly (`Messages`), so a message
 * missing from one, or taking other arguments, does not compile.
 */
export const en = { common, domains, errors, people, webhooks };

export type Messages = typeof en;
