import type { AuditEventType } from '../../../../../src/domain/events.js';
import { formatsOf } from '../../format.js';

const f = formatsOf('en');

/**
 * What an audit event's sentence is made of, read from the event by web/src/audit-sentences.ts:
 * names ('' where the event has none, or where no one is known any more) and the particulars of its data.
 */
export interface AuditParts {
  /** Who did it, or the catalogue's `someone`. */
  actor: string;
  /** The person, team or contract acted on, or words standing in for them. */
  target: string;
  /** The team it happened in ('' when none, or no longer known). */
  team: string;
  /** The name the event's data gives: of a company, a team, a token ('' when none). */
  name: string;
  /** A team's name before and after a rename ('' when not given). */
  nameBefore: string;
  nameAfter: string;
  /** The emails of an invitation event, one or many. */
  emails: string[];
  /** The labels of the roles held after the change, in the page's language. */
  roles: string[];
  /** Whether a member left a team (else the company). */
  leftTeam: boolean;
  /** Who must use two-factor authentication, before and after. */
  ruleBefore: TwoFactorRule;
  ruleAfter: TwoFactorRule;
  /** How people at the company's domains join now. */
  joining: JoiningMode;
  /** A domain, a URL ('' when not given). */
  domain: string;
  url: string;
  /** The format of an export. */
  format: 'csv' | 'jsonl';
  /** Single sign-on was set up, not changed. */
  firstTime: boolean;
}
export type TwoFactorRule = 'admins' | 'everyone' | 'none';
export type JoiningMode = 'team' | 'request' | 'off';

/** " Name" when there is one. */
const named = (name: string): string => (name === '' ? '' : ` ${name}`);
/** The emails of an invitation, the first three and how many more. */
const emails = (list: string[]): string =>
  list.length === 0 ? 'someone' : f.and(list.length > 3 ? [...list.slice(0, 3), `${f.number(list.length - 3)} more`] : list);
const roles = (list: string[]): string => (list.length === 0 ? 'no role' : f.and(list));
const aTeam = (team: string): string => (team === '' ? 'a team' : team);
const rule: Record<TwoFactorRule, string> = { admins: 'owner and admins', everyone: 'everyone', none: 'no one' };
const joining: Record<JoiningMode, string> = { team: 'straight into a team', request: 'by request', off: 'off' };
const format = (value: AuditParts['format']): string => (value === 'jsonl' ? 'JSON Lines' : 'CSV');

/**
 * One sentence for each type of RULES.md's audit log, naming people and teams ("Alice removed Bob
 * from Design"); keyed by every AuditEventType, so a new type without a sentence does not compile.
 */
const sentences: Record<AuditEventType, (parts: AuditParts) => string> = {
  'company.created': (p) => `${p.actor} created the company${named(p.name)}`,
  'team.created': (p) => `${p.actor} created the team ${p.name === '' ? p.target : p.name}`,
  'team.renamed': (p) => `${p.actor} renamed the team ${p.nameBefore === '' ? p.target : p.nameBefore} to ${p.nameAfter === '' ? p.target : p.nameAfter}`,
  'team.hidden': (p) => `${p.actor} hid the team ${p.target}`,
  'team.shown': (p) => `${p.actor} showed the team ${p.target} again`,
  'invitation.created': (p) => `${p.actor} invited ${emails(p.emails)}${p.team === '' ? '' : ` to ${p.team}`}`,
  'invitation.updated': (p) => `${p.actor} changed the teams and roles of the invitation to ${emails(p.emails)}`,
  'invitation.resent': (p) => `${p.actor} sent the invitation to ${emails(p.emails)} again`,
  'invitation.revoked': (p) => `${p.actor} withdrew the invitation to ${emails(p.emails)}`,
  'invitation.accepted': (p) => `${p.target} accepted an invitation and joined ${p.team === '' ? 'the company' : p.team}`,
  'invitation.declined': (p) => `${p.emails[0] ?? 'Someone'} declined the invitation`,
  'member.added_to_team': (p) => `${p.actor} added ${p.target} to ${aTeam(p.team)} with ${roles(p.roles)}`,
  'member.roles_changed': (p) => `${p.actor} changed the roles of ${p.target} in ${aTeam(p.team)} to ${roles(p.roles)}`,
  'member.company_roles_changed': (p) => `${p.actor} changed the company roles of ${p.target} to ${roles(p.roles)}`,
  'member.removed_from_team': (p) => `${p.actor} removed ${p.target} from ${aTeam(p.team)}`,
  'member.removed_from_company': (p) => `${p.actor} removed ${p.target} from the company`,
  'member.left': (p) => `${p.actor} left ${p.leftTeam && p.team !== '' ? p.team : 'the company'}`,
  'contract.created': (p) => `${p.actor} created the contract ${p.target}${p.team === '' ? '' : ` in ${p.team}`}`,
  'contract.contact_person_changed': (p) => `${p.actor} changed the contact person of the contract ${p.target}`,
  'contract.moved': (p) => `${p.actor} moved the contract ${p.target} to ${aTeam(p.team)}`,
  'contract.paused': (p) => `${p.actor} paused the contract ${p.target}`,
  'contract.resumed': (p) => `${p.actor} resumed the contract ${p.target}`,
  'contract.ended': (p) => `${p.actor} ended the contract ${p.target}`,
  'ownership.transferred': (p) => `${p.actor} made ${p.target} the owner of the company`,
  'company.two_factor_rule_changed': (p) =>
    `${p.actor} changed who must use two-factor authentication from ${rule[p.ruleBefore]} to ${rule[p.ruleAfter]}`,
  'domain.added': (p) => `${p.actor} added the domain${named(p.domain)}`,
  'domain.verified': (p) => `${p.actor} verified the domain${named(p.domain)}`,
  'domain.removed': (p) => `${p.actor} removed the domain${named(p.domain)}`,
  'joining.changed': (p) => `${p.actor} set joining by email domain ${joining[p.joining]}${p.joining === 'off' || p.team === '' ? '' : ` (${p.team})`}`,
  'member.joined_by_domain': (p) => `${p.actor} joined ${p.team === '' ? 'the company' : p.team} by their email’s domain${named(p.domain)}`,
  'join_request.created': (p) => `${p.actor} asked to join ${p.team === '' ? 'the company' : p.team}`,
  'join_request.approved': (p) => `${p.actor} let ${p.target} join${named(p.team)}`,
  'join_request.declined': (p) => `${p.actor} declined the request of ${p.target} to join${named(p.team)}`,
  'members.exported': (p) => `${p.actor} exported the members as ${format(p.format)}`,
  'audit_events.exported': (p) => `${p.actor} exported the audit log as ${format(p.format)}`,
  'scim_token.created': (p) => `${p.actor} created the SCIM token${named(p.name)}`,
  'scim_token.revoked': (p) => `${p.actor} revoked the SCIM token${named(p.name)}`,
  'member.provisioned': (p) => `${p.target} was added by the identity provider (SCIM)`,
  'member.scim_updated': (p) => `${p.target} was updated by the identity provider (SCIM)`,
  'team.scim_updated': (p) => `The team ${p.target} was updated by the identity provider (SCIM)`,
  'member.suspended': (p) => `${p.actor} suspended ${p.target}`,
  'member.reinstated': (p) => `${p.actor} reinstated ${p.target}`,
  'sso.configured': (p) => `${p.actor} ${p.firstTime ? 'set up' : 'changed'} single sign-on`,
  'sso.removed': (p) => `${p.actor} removed single sign-on`,
  'webhook_endpoint.created': (p) => `${p.actor} added the webhook endpoint${named(p.url)}`,
  'webhook_endpoint.updated': (p) => `${p.actor} changed the webhook endpoint${named(p.url)}`,
  'webhook_endpoint.deleted': (p) => `${p.actor} deleted the webhook endpoint${named(p.url)}`,
  'webhook_endpoint.secret_rotated': (p) => `${p.actor} gave a webhook endpoint a new signing secret`,
  'company_api_token.created': (p) => `${p.actor} created the company API token${named(p.name)}`,
  'company_api_token.revoked': (p) => `${p.actor} revoked the company API token${named(p.name)}`,
};

/** A type as the type filter names it: `member.removed_from_team` → "Member removed from team". */
const typeName = (type: string): string => {
  const words = type.replace(/[._]/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
};

/** Settings › Audit log, and the audit events as sentences. */
export const auditLog = {
  title: 'Audit log',
  export: 'Export',
  asCsv: 'Audit log as CSV',
  asJsonLines: 'Audit log as JSON Lines',
  intro: (company: string) => `Every change made in ${company}, newest first. Days are in UTC.`,
  filters: 'Audit log filters',
  type: 'Type',
  everyType: 'Every type',
  doneBy: 'Done by',
  doneTo: 'Done to',
  from: 'From',
  to: 'To',
  backwards: 'The “To” day is before the “From” day: no event can match.',
  loading: 'Loading the audit log…',
  noMatch: 'No events match these filters.',
  none: 'No events yet.',
  events: 'Events',
  showMore: 'Show more events',
  sentences,
  /** The types as the type filter lists them. */
  types: Object.fromEntries(Object.keys(sentences).map((type) => [type, typeName(type)])) as Record<AuditEventType, string>,
  /** A type newer than the page: its name made into words. */
  otherType: typeName,
  /** Who did it, when nobody is known. */
  someone: 'Someone',
  /** Who it was done to, when the event names nobody. */
  someoneElse: 'someone',
  /** Who it was done to, when they are no longer known. */
  someoneGone: 'someone no longer here',
};
