import type { AuditEventType } from '../../src/domain/events.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import type { AuditEventView } from './api.js';
import { currentLanguage, type PageLanguage } from './i18n/languages.js';
import { catalogueOf } from './i18n/catalogues.js';
import type { AuditParts, JoiningMode, TwoFactorRule } from './i18n/messages/en/auditLog.js';
import { roleLabel } from './roles.js';

export type { AuditEventView };

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The emails of an invitation event: its invitations' (one or many), else its own. */
function emailsOf(data: Record<string, unknown>): string[] {
  const many = Array.isArray(data.invitations) ? data.invitations.map((item) => text(record(item).email)).filter((email) => email !== '') : [];
  if (many.length > 0) return many;
  return text(data.email) === '' ? [] : [text(data.email)];
}

const rolesOf = (roles: unknown): string[] =>
  Array.isArray(roles) ? roles.filter((role): role is Role => typeof role === 'string' && Object.hasOwn(ROLES, role)).map(roleLabel) : [];
const ruleOf = (value: unknown): TwoFactorRule => {
  const rule = record(value).rule;
  return rule === 'admins' || rule === 'everyone' ? rule : 'none';
};
const joiningOf = (value: unknown): JoiningMode => {
  const mode = record(value).mode;
  return mode === 'team' || mode === 'request' ? mode : 'off';
};

/** The types a sentence is written for: every AuditEventType (the catalogues' sentences are keyed by it). */
export const SENTENCE_TYPES = Object.keys(catalogueOf('en').auditLog.sentences) as AuditEventType[];

/** Whether a type is one of RULES.md's (a newer server may send others). */
const isKnownType = (type: string): type is AuditEventType => (SENTENCE_TYPES as string[]).includes(type);

/**
 * An event as a sentence of the page's language (or of `language`): who did what to whom, and
 * where ("Alice removed Bob from Design."). The sentences are the catalogues' `auditLog.sentences`.
 */
export function auditSentence(event: AuditEventView, language: PageLanguage = currentLanguage()): string {
  const said = catalogueOf(language).auditLog;
  const { data } = event;
  const parts: AuditParts = {
    actor: event.names.actor ?? said.someone,
    target: event.names.target ?? (text(data.email) || (event.targetId === null ? said.someoneElse : said.someoneGone)),
    team: event.names.team ?? '',
    name: text(data.name),
    nameBefore: text(record(data.before).name),
    nameAfter: text(record(data.after).name),
    emails: emailsOf(data),
    roles: rolesOf(data.after),
    leftTeam: data.scope === 'team',
    ruleBefore: ruleOf(data.before),
    ruleAfter: ruleOf(data.after),
    joining: joiningOf(data.after),
    domain: text(data.domain),
    url: text(data.url) || text(record(data.after).url),
    format: data.format === 'jsonl' ? 'jsonl' : 'csv',
    firstTime: data.before === null || data.before === undefined,
  };
  const sentence = isKnownType(event.type) ? said.sentences[event.type](parts) : `${parts.actor}: ${said.otherType(event.type)}`;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** A type as the type filter names it, in the page's language. */
export const typeLabel = (type: AuditEventType): string => catalogueOf(currentLanguage()).auditLog.types[type];
