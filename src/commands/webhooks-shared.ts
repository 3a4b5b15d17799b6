import { isIP } from 'node:net';
import type { Tx } from '../db/database.js';
import type { WebhookEndpoint } from '../db/schema.js';
import { DomainError, notFound } from '../domain/errors.js';
import { refusedAddressKind } from '../webhooks/addresses.js';

/** The company's webhook endpoint `endpointId`; NOT_FOUND when it is another company's or gone. */
export async function requireEndpoint(tx: Tx, companyId: string, endpointId: string): Promise<WebhookEndpoint> {
  const row = await tx.selectFrom('webhookEndpoints').selectAll().where('companyId', '=', companyId).where('id', '=', endpointId).executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

const badUrl = (message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `body.url: ${message}`, { errors: [{ path: 'body.url', message }] });

/**
 * An endpoint's URL as it is kept (API.md "Webhooks"): absolute, http or https, without a user
 * name or password (they would be sent to whoever answers, and logged). Unless
 * WEBHOOKS_ALLOW_PRIVATE is on, an address that is private, loopback or link-local, written as
 * one or as `localhost`, is refused at once; a name is checked again after each DNS lookup, at
 * every attempt (src/webhooks/send.ts), since what it resolves to may change.
 */
export function checkWebhookUrl(text: string, allowPrivate: boolean): string {
  if (!URL.canParse(text)) throw badUrl('is not an absolute URL');
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUrl('must be an http or https URL');
  if (url.username !== '' || url.password !== '') throw badUrl('must not hold a user name or password');
  if (url.hostname === '') throw badUrl('has no host');
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const kind = isIP(host) !== 0 ? refusedAddressKind(host) : host === 'localhost' || host.endsWith('.localhost') ? 'loopback' : null;
    if (kind !== null) throw badUrl(`is a ${kind} address, which webhooks may not reach (WEBHOOKS_ALLOW_PRIVATE is off)`);
  }
  url.hash = '';
  return url.toString();
}
