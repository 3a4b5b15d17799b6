/**
 * SCIM's protocol (RFC 7643, RFC 7644) in Roster's terms, with SCIMMY for the parts it does well
 * (DECISIONS.md "SCIM provisioning"): its filter parser, its PATCH operations applied to a
 * resource, and its checks of a resource against the core User and Group schemas. What Roster
 * stores, and every rule, stays with the commands; this only reads requests and writes errors.
 */
import SCIMMY from 'scimmy';
import type { ScimGroupInput } from '../commands/scim-groups-shared.js';
import type { ScimUserInput } from '../commands/scim-users-shared.js';
import { DomainError, ERROR_STATUS, type ErrorCode } from '../domain/errors.js';
import { normalizeEmail } from '../domain/normalize.js';
import { SCIM_GROUP_SCHEMA, type ScimGroupJson, type ScimUserJson } from '../presenters/scim.js';
import { SCIM_FILTER_ATTRIBUTES, type ScimFilter } from '../queries/scim.js';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
/** The most resources one page of a list holds (ServiceProviderConfig's `filter.maxResults`). */
export const SCIM_MAX_RESULTS = 200;

/** The `scimType`s of RFC 7644 section 3.12 Roster answers with. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidValue' | 'mutability' | 'uniqueness' | 'tooMany' | 'noTarget' | 'invalidPath';

/** A refusal of the request's SCIM itself: 400 with its `scimType`. */
export const scimBadRequest = (scimType: ScimType, detail: string): DomainError => new DomainError('VALIDATION_FAILED', detail, { scimType });

/** SCIM's error body (RFC 7644 section 3.12) for a refusal with Roster's code; `scimType` where the RFC has one. */
export function scimErrorBody(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
  const scimType =
    typeof extra.scimType === 'string'
      ? extra.scimType
      : code === 'ALREADY_MEMBER' || code === 'EMAIL_TAKEN' || code === 'TEAM_NAME_TAKEN'
        ? 'uniqueness'
        : code === 'VALIDATION_FAILED'
          ? 'invalidValue'
          : undefined;
  const contracts = Array.isArray(extra.contracts) ? (extra.contracts as { id: string; title: string; teamId: string }[]) : [];
  // §3.3: the contracts that block a removal are named in the detail too, for a person reading the IdP's log.
  const blocking = contracts.length > 0 ? ` (${contracts.map((c) => `“${c.title}”, contract ${c.id} in team ${c.teamId}`).join('; ')})` : '';
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(ERROR_STATUS[code]),
    ...(scimType === undefined ? {} : { scimType }),
    detail: `${detail}${blocking}`,
    code,
    ...(contracts.length > 0 ? { contracts } : {}),
  };
}

/** SCIMMY's own refusals (a SCIMError, or a TypeError from a schema check) as Roster's. */
function fromScimmy(error: unknown): never {
  if (error instanceof DomainError) throw error;
  if (error instanceof SCIMMY.Types.Error) {
    throw scimBadRequest((error.scimType as ScimType | undefined) ?? 'invalidValue', error.message);
  }
  if (error instanceof TypeError || error instanceof SyntaxError) throw scimBadRequest('invalidValue', error.message);
  throw error;
}

/**
 * A `filter` as Roster answers it: one or more `<attribute> eq "<value>"` joined by `and`, on the
 * attributes of SCIM_FILTER_ATTRIBUTES; anything else (`or`, `not`, another operator or
 * attribute) is 400 `invalidFilter`.
 */
export function parseScimFilter(expression: string | undefined, type: keyof typeof SCIM_FILTER_ATTRIBUTES): ScimFilter {
  if (expression === undefined || expression.trim() === '') return [];
  let parsed: unknown[];
  try {
    parsed = [...new SCIMMY.Types.Filter(expression)];
  } catch (error) {
    throw scimBadRequest('invalidFilter', error instanceof Error ? error.message : 'The filter is not valid');
  }
  if (parsed.length !== 1) throw scimBadRequest('invalidFilter', 'Only terms joined by "and" are supported');
  const terms: { attribute: string; value: string }[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object') throw scimBadRequest('invalidFilter', 'The filter is not supported');
    for (const [key, value] of Object.entries(node)) {
      const attribute = `${prefix}${key.toLowerCase()}`;
      if (Array.isArray(value)) {
        const [operator, operand] = value as unknown[];
        if (operator !== 'eq' || typeof operand !== 'string' || value.length !== 2) {
          throw scimBadRequest('invalidFilter', `Only "eq" with a string is supported (${attribute})`);
        }
        if (!(SCIM_FILTER_ATTRIBUTES[type] as readonly string[]).includes(attribute)) {
          throw scimBadRequest('invalidFilter', `Filtering on ${attribute} is not supported; use ${SCIM_FILTER_ATTRIBUTES[type].join(', ')}`);
        }
        terms.push({ attribute, value: operand });
      } else if (prefix === '') {
        walk(value, `${attribute}.`);
      } else {
        throw scimBadRequest('invalidFilter', 'The filter is not supported');
      }
    }
  };
  walk(parsed[0], '');
  return terms;
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Entra sends booleans as strings now and then ("True", "False"): read them as booleans. */
function booleanOf(value: unknown): unknown {
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}

/**
 * A User body as SCIMMY checks it: `active` as a boolean where a string says one, extension
 * schemas Roster does not keep (the enterprise one) set aside.
 */
function userBody(body: Record<string, unknown>): Record<string, unknown> {
  const { [ENTERPRISE]: _enterprise, ...copy } = body;
  if ('active' in copy) copy.active = booleanOf(copy.active);
  if (Array.isArray(copy.schemas)) copy.schemas = copy.schemas.filter((schema) => schema !== ENTERPRISE);
  return copy;
}

interface UserLike {
  userName?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  emails?: { value?: string; type?: string; primary?: boolean }[];
  externalId?: string;
  active?: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * What a User body (POST, PUT, or a PATCH's result) asks for, against the member as they are
 * (`current`, null on creation): the email is userName, or, when userName did not change, the
 * primary (or work) email that did; the name the displayName, name.formatted or the given and
 * family names, whichever changed (on creation the first there is, else the email).
 */
function userInput(result: UserLike, current: ScimUserJson | null): ScimUserInput {
  const userName = text(result.userName);
  if (userName === null) throw scimBadRequest('invalidValue', 'userName is required');
  const email = normalizeEmail(userName);
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) throw scimBadRequest('invalidValue', 'userName must be an email address');
  const emails = result.emails ?? [];
  const mainEmail = text((emails.find((e) => e.primary === true) ?? emails.find((e) => e.type === 'work') ?? emails[0])?.value);
  let chosenEmail = email;
  if (current && email === current.userName && mainEmail !== null && normalizeEmail(mainEmail) !== current.userName) chosenEmail = normalizeEmail(mainEmail);
  const givenName = text(result.name?.givenName);
  const familyName = text(result.name?.familyName);
  const joined = [givenName, familyName].filter((part) => part !== null).join(' ');
  const displayName = text(result.displayName);
  const formatted = text(result.name?.formatted);
  let name: string;
  if (current === null) name = displayName ?? formatted ?? (joined === '' ? email : joined);
  else if (displayName !== null && displayName !== current.displayName) name = displayName;
  else if (formatted !== null && formatted !== current.name.formatted) name = formatted;
  else if (joined !== '' && (givenName !== (current.name.givenName ?? null) || familyName !== (current.name.familyName ?? null))) name = joined;
  else name = current.displayName;
  if (name.length > 200) throw scimBadRequest('invalidValue', 'The name is over 200 characters');
  const externalId = text(result.externalId);
  if (externalId !== null && externalId.length > 200) throw scimBadRequest('invalidValue', 'externalId is over 200 characters');
  if ((givenName?.length ?? 0) > 200 || (familyName?.length ?? 0) > 200) throw scimBadRequest('invalidValue', 'A given or family name is over 200 characters');
  // A body without `active` leaves it as it is (a PUT that leaves it out does not reinstate).
  return { email: chosenEmail, name, givenName, familyName, externalId, active: result.active ?? current?.active ?? true };
}

/** A User body of POST or PUT, checked against the core User schema, in Roster's terms. */
export function userFromScim(body: Record<string, unknown>, current: ScimUserJson | null): ScimUserInput {
  try {
    return userInput(new SCIMMY.Schemas.User(userBody(body), 'in'), current);
  } catch (error) {
    return fromScimmy(error);
  }
}

/** A PatchOp's operations as SCIMMY takes them: Entra's string booleans for `active` read as booleans. */
function patchBody(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.Operations)) return body;
  const operations = (body.Operations as unknown[]).flatMap((operation: unknown) => {
    if (operation === null || typeof operation !== 'object') return [operation];
    const { path, value } = operation as { path?: unknown; value?: unknown };
    // The enterprise extension (department, manager, …) is not kept: its operations are taken and ignored.
    if (typeof path === 'string' && path.startsWith(ENTERPRISE)) return [];
    let read = value;
    if (typeof path === 'string' && path.toLowerCase() === 'active') read = booleanOf(value);
    else if (path === undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const kept = Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith(ENTERPRISE)));
      read = 'active' in kept ? { ...kept, active: booleanOf(kept.active) } : kept;
    }
    return [{ ...operation, value: read }];
  });
  return { ...body, Operations: operations };
}

/** A PATCH (RFC 7644 section 3.5.2) applied to the User as it is: what it asks for, in Roster's terms. */
export async function patchedUser(current: ScimUserJson, body: Record<string, unknown>): Promise<ScimUserInput> {
  try {
    const read = patchBody(body);
    // Nothing left to apply (only the enterprise extension's operations): the User as it is.
    if (Array.isArray(read.Operations) && read.Operations.length === 0) return userInput(current, current);
    const patch = new SCIMMY.Messages.PatchOp(read as ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0]);
    const { meta: _meta, groups: _groups, ...resource } = current;
    const result = (await patch.apply(new SCIMMY.Schemas.User(resource, 'out'))) as UserLike | undefined;
    return userInput(result ?? current, current);
  } catch (error) {
    return fromScimmy(error);
  }
}

/** A Group body as SCIMMY checks it: schemas Roster does not know (Entra's own) set aside. */
function groupBody(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.schemas)) return body;
  return { ...body, schemas: (body.schemas as unknown[]).filter((schema) => schema === SCIM_GROUP_SCHEMA) };
}

interface GroupLike {
  displayName?: string;
  externalId?: string;
  members?: { value?: string }[];
}

function groupInput(result: GroupLike, keepMembersUnlessGiven: boolean): ScimGroupInput {
  const name = text(result.displayName);
  if (name === null) throw scimBadRequest('invalidValue', 'displayName is required');
  if (name.length > 100) throw scimBadRequest('invalidValue', 'displayName is over 100 characters');
  const externalId = text(result.externalId);
  const members = result.members;
  if (members?.some((member) => text(member.value) === null)) throw scimBadRequest('invalidValue', 'Every member needs a value, the id of a User');
  return {
    name,
    externalId,
    memberIds: members === undefined && keepMembersUnlessGiven ? undefined : (members ?? []).map((member) => member.value ?? ''),
  };
}

/**
 * A Group body of POST or PUT, checked against the core Group schema. A PUT without `members`
 * leaves the members as they are (DECISIONS.md "SCIM provisioning").
 */
export function groupFromScim(body: Record<string, unknown>, replacing: boolean): ScimGroupInput {
  try {
    return groupInput(new SCIMMY.Schemas.Group(groupBody(body), 'in'), replacing);
  } catch (error) {
    return fromScimmy(error);
  }
}

/** A PATCH applied to the Group as it is (its members included): what it asks for. */
export async function patchedGroup(current: ScimGroupJson, body: Record<string, unknown>): Promise<ScimGroupInput> {
  try {
    const patch = new SCIMMY.Messages.PatchOp(body as ConstructorParameters<typeof SCIMMY.Messages.PatchOp>[0]);
    const { meta: _meta, ...resource } = current;
    const stripped = { ...resource, members: 'members' in resource ? resource.members.map(({ value }) => ({ value })) : [] };
    const result = (await patch.apply(new SCIMMY.Schemas.Group(stripped, 'out'))) as GroupLike | undefined;
    return groupInput(result ?? stripped, false);
  } catch (error) {
    return fromScimmy(error);
  }
}

/** RFC 7644 section 3.14: an `If-Match` that names none of the resource's versions is 412, and nothing changes. */
export function assertIfMatch(ifMatch: string | undefined, version: string): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  const bare = (tag: string) => tag.replace(/^W\//, '');
  if (tags.includes('*') || tags.some((tag) => bare(tag) === bare(version))) return;
  throw new DomainError('PRECONDITION_FAILED', 'The resource has changed since that version; read it again');
}

/** The core User and Group schemas, as `/Schemas` serves them (SCIMMY's definitions of RFC 7643 section 4). */
export function scimSchemas(): Record<string, unknown>[] {
  return [SCIMMY.Schemas.User.definition.describe(), SCIMMY.Schemas.Group.definition.describe()] as Record<string, unknown>[];
}
