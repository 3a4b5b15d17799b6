import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as rateLimits from './0002-rate-limits.js';
import * as coveringRoleIndex from './0003-covering-role-index.js';
import * as memberSearch from './0004-member-search.js';
import * as membershipRevision from './0005-membership-revision.js';
import * as teamMemberNames from './0006-team-member-names.js';
import * as invitationMailsByCompany from './0007-invitation-mails-by-company.js';
import * as sessionsAndTokens from './0008-sessions-and-tokens.js';
import * as limitsPerPerson from './0009-limits-per-person.js';
import * as sessionDetails from './0010-session-details.js';
import * as accountRecovery from './0011-account-recovery.js';
import * as accountDeletionAndSecurityLog from './0012-account-deletion-and-security-log.js';
import * as twoFactor from './0014-two-factor.js';
import * as twoFactorMovesRevision from './0015-two-factor-moves-revision.js';
import * as companyDomains from './0016-company-domains.js';
import * as suspendedMembers from './0017-suspended-members.js';
import * as singleSignOn from './0018-single-sign-on.js';
import * as scim from './0019-scim.js';
import * as webhooks from './0020-webhooks.js';
import * as formerMembers from './0021-former-members.js';
import * as memberActivityAndReplacedLinks from './0024-member-activity-and-replaced-links.js';
import * as companyApiTokens from './0025-company-api-tokens.js';
import * as teamMembersInMemberOrder from './0027-team-members-in-member-order.js';
import * as userLanguage from './0028-user-language.js';
import * as webhookDeliveryRetention from './0029-webhook-delivery-retention.js';

/** Every migration, in order. One set serves SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-rate-limits': rateLimits,
  '0003-covering-role-index': coveringRoleIndex,
  '0004-member-search': memberSearch,
  '0005-membership-revision': membershipRevision,
  '0006-team-member-names': teamMemberNames,
  '0007-invitation-mails-by-company': invitationMailsByCompany,
  '0008-sessions-and-tokens': sessionsAndTokens,
  '0009-limits-per-person': limitsPerPerson,
  '0010-session-details': sessionDetails,
  '0011-account-recovery': accountRecovery,
  '0012-account-deletion-and-security-log': accountDeletionAndSecurityLog,
  '0014-two-factor': twoFactor,
  '0015-two-factor-moves-revision': twoFactorMovesRevision,
  '0016-company-domains': companyDomains,
  '0017-suspended-members': suspendedMembers,
  '0018-single-sign-on': singleSignOn,
  '0019-scim': scim,
  '0020-webhooks': webhooks,
  '0021-former-members': formerMembers,
  '0024-member-activity-and-replaced-links': memberActivityAndReplacedLinks,
  '0025-company-api-tokens': companyApiTokens,
  '0027-team-members-in-member-order': teamMembersInMemberOrder,
  '0028-user-language': userLanguage,
  '0029-webhook-delivery-retention': webhookDeliveryRetention,
};
