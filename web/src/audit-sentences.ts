import type { AuditEventType } from '../../src/domain/events.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import type { AuditEventView } from './api.js';

export type { AuditEventView };

/** What a sentence is made of: the event's names, with words standing in for those no longer known. */
interface Parts {
  actor: string;
  /** The person, team or contract acted on. */
  target: string;
  team: string;
  data: Record<string, unknown>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** "a, b and c". */
function listed(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

const roleWords = (roles: unknown): string => {
  const known = Array.isArray(roles) ? roles.filter((role): role is Role => typeof role === 'string' && Object.hasOwn(ROLES, role)) : [];
  return known.length === 0 ? 'no role' : listed(known.map((role) => ROLES[role].label));
};

/** The emails of an invitation event, one or many. */
const emailsOf = (data: Record<string, unknown>): string => {
  const many = Array.isArray(data.invitations) ? data.invitations.map((item) => text(record(item).email)).filter((email) => email !== undefined) : [];
  if (many.length > 3) return `${listed(many.slice(0, 3))} and ${many.length - 3} more`;
  return many.length > 0 ? listed(many) : (text(data.email) ?? 'someone');
};

const inTeam = ({ team }: Parts): string => (team === '' ? '' : ` to ${team}`);
/** The team, where the sentence needs one: "a team" when it is no longer known. */
const aTeam = ({ team }: Parts): string => (team === '' ? 'a team' : team);
const format = (data: Record<string, unknown>): string => (data.format === 'jsonl' ? 'JSON Lines' : 'CSV');
const ruleWords = (rule: unknown): string => (rule === 'admins' ? 'owner and admins' : rule === 'everyone' ? 'everyone' : 'no one');
const joiningWords = (joining: unknown): string => {
  const mode = record(joining).mode;
  return mode === 'team' ? 'straight into a team' : mode === 'request' ? 'by request' : 'off';
};

/**
 * One sentence for each type of RULES.md's audit log, naming people and teams ("Alice removed Bob
 * from Design"). Keyed by every AuditEventType: a new type without a sentence does not compile, and
 * test/web/audit-sentences.test.ts checks each one reads as a sentence.
 */
const SENTENCES: Record<AuditEventType, (parts: Parts) => string> = {
  'company.created': ({ actor, data }) => `${actor} created the company${text(data.name) === undefined ? '' : ` ${text(data.name) ?? ''}`}`,
  'team.created': ({ actor, target, data }) => `${actor} created the team ${text(data.name) ?? target}`,
  'team.renamed': ({ actor, target, data }) =>
    `${actor} renamed the team ${text(record(data.before).name) ?? target} to ${text(record(data.after).name) ?? target}`,
  'team.hidden': ({ actor, target }) => `${actor} hid the team ${target}`,
  'team.shown': ({ actor, target }) => `${actor} showed the team ${target} again`,
  'invitation.created': (parts) => `${parts.actor} invited ${emailsOf(parts.data)}${inTeam(parts)}`,
  'invitation.updated': ({ actor, data }) => `${actor} changed the teams and roles of the invitation to ${emailsOf(data)}`,
  'invitation.resent': ({ actor, data }) => `${actor} sent the invitation to ${emailsOf(data)} again`,
  'invitation.revoked': ({ actor, data }) => `${actor} withdrew the invitation to ${emailsOf(data)}`,
  'invitation.accepted': ({ target, team }) => `${target} accepted an invitation and joined${team === '' ? ' the company' : ` ${team}`}`,
  'invitation.declined': ({ data }) => `${text(data.email) ?? 'Someone'} declined the invitation`,
  'member.added_to_team': (parts) => `${parts.actor} added ${parts.target} to ${aTeam(parts)} with ${roleWords(parts.data.after)}`,
  'member.roles_changed': (parts) => `${parts.actor} changed the roles of ${parts.target} in ${aTeam(parts)} to ${roleWords(parts.data.after)}`,
  'member.company_roles_changed': ({ actor, target, data }) => `${actor} changed the company roles of ${target} to ${roleWords(data.after)}`,
  'member.removed_from_team': (parts) => `${parts.actor} removed ${parts.target} from ${aTeam(parts)}`,
  'member.removed_from_company': ({ actor, target }) => `${actor} removed ${target} from the company`,
  'member.left': ({ actor, team, data }) => `${actor} left ${data.scope === 'team' && team !== '' ? team : 'the company'}`,
  'contract.created': ({ actor, target, team }) => `${actor} created the contract ${target}${team === '' ? '' : ` in ${team}`}`,
  'contract.contact_person_changed': ({ actor, target }) => `${actor} changed the contact person of the contract ${target}`,
  'contract.moved': (parts) => `${parts.actor} moved the contract ${parts.target} to ${aTeam(parts)}`,
  'contract.paused': ({ actor, target }) => `${actor} paused the contract ${target}`,
  'contract.resumed': ({ actor, target }) => `${actor} resumed the contract ${target}`,
  'contract.ended': ({ actor, target }) => `${actor} ended the contract ${target}`,
  'ownership.transferred': ({ actor, target }) => `${actor} made ${target} the owner of the company`,
  'company.two_factor_rule_changed': ({ actor, data }) =>
    `${actor} changed who must use two-factor authentication from ${ruleWords(record(data.before).rule)} to ${ruleWords(record(data.after).rule)}`,
  'domain.added': ({ actor, data }) => `${actor} added the domain ${text(data.domain) ?? ''}`.trimEnd(),
  'domain.verified': ({ actor, data }) => `${actor} verified the domain ${text(data.domain) ?? ''}`.trimEnd(),
  'domain.removed': ({ actor, data }) => `${actor} removed the domain ${text(data.domain) ?? ''}`.trimEnd(),
  'joining.changed': ({ actor, team, data }) =>
    `${actor} set joining by email domain ${joiningWords(data.after)}${record(data.after).mode === 'off' || team === '' ? '' : ` (${team})`}`,
  'member.joined_by_domain': ({ actor, team, data }) => `${actor} joined ${team === '' ? 'the company' : team} by their email’s domain${text(data.domain) === undefined ? '' : ` ${text(data.domain) ?? ''}`}`,
  'join_request.created': ({ actor, team }) => `${actor} asked to join${team === '' ? ' the company' : ` ${team}`}`,
  'join_request.approved': ({ actor, target, team }) => `${actor} let ${target} join${team === '' ? '' : ` ${team}`}`,
  'join_request.declined': ({ actor, target, team }) => `${actor} declined the request of ${target} to join${team === '' ? '' : ` ${team}`}`,
  'members.exported': ({ actor, data }) => `${actor} exported the members as ${format(data)}`,
  'audit_events.exported': ({ actor, data }) => `${actor} exported the audit log as ${format(data)}`,
  'scim_token.created': ({ actor, data }) => `${actor} created the SCIM token ${text(data.name) ?? ''}`.trimEnd(),
  'scim_token.revoked': ({ actor, data }) => `${actor} revoked the SCIM token ${text(data.name) ?? ''}`.trimEnd(),
  'member.provisioned': ({ target }) => `${target} was added by the identity provider (SCIM)`,
  'member.scim_updated': ({ target }) => `${target} was updated by the identity provider (SCIM)`,
  'team.scim_updated': ({ target }) => `The team ${target} was updated by the identity provider (SCIM)`,
  'member.suspended': ({ actor, target }) => `${actor} suspended ${target}`,
  'member.reinstated': ({ actor, target }) => `${actor} reinstated ${target}`,
  'sso.configured': ({ actor, data }) => `${actor} ${data.before === null || data.before === undefined ? 'set up' : 'changed'} single sign-on`,
  'sso.removed': ({ actor }) => `${actor} removed single sign-on`,
  'webhook_endpoint.created': ({ actor, data }) => `${actor} added the webhook endpoint ${text(data.url) ?? ''}`.trimEnd(),
  'webhook_endpoint.updated': ({ actor, data }) => `${actor} changed the webhook endpoint ${text(record(data.after).url) ?? ''}`.trimEnd(),
  'webhook_endpoint.deleted': ({ actor, data }) => `${actor} deleted the webhook endpoint ${text(data.url) ?? ''}`.trimEnd(),
  'webhook_endpoint.secret_rotated': ({ actor }) => `${actor} gave a webhook endpoint a new signing secret`,
  'company_api_token.created': ({ actor, data }) => `${actor} created the company API token ${text(data.name) ?? ''}`.trimEnd(),
  'company_api_token.revoked': ({ actor, data }) => `${actor} revoked the company API token ${text(data.name) ?? ''}`.trimEnd(),
};

/** Whether a type is one of RULES.md's (a newer server may send others). */
const isKnownType = (type: string): type is AuditEventType => Object.hasOwn(SENTENCES, type);

/** The types a sentence is written for: every AuditEventType. */
export const SENTENCE_TYPES = Object.keys(SENTENCES) as AuditEventType[];

/** An event as a sentence: who did what to whom, and where. */
export function auditSentence(event: AuditEventView): string {
  const target = event.names.target ?? text(event.data.email) ?? (event.targetId === null ? 'someone' : 'someone no longer here');
  const parts: Parts = { actor: event.names.actor ?? 'Someone', target, team: event.names.team ?? '', data: event.data };
  const said = isKnownType(event.type) ? SENTENCES[event.type](parts) : `${parts.actor}: ${typeLabel(event.type)}`;
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}.`;
}

/** A type as words for a filter: `member.removed_from_team` → "Member removed from team". */
export function typeLabel(type: string): string {
  const words = type.replace(/[._]/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
