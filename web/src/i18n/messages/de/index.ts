import type { Messages } from '../en/index.js';
import { common } from './common.js';
import { domains } from './domains.js';
import { errors } from './errors.js';
import { people } from './people.js';
import { webhooks } from './webhooks.js';

/** The German catalogue (see the English one, which is the reference). */
export const de: Messages = { common, domains, errors, people, webhooks };
