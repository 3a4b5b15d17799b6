import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Action } from '../../../src/domain/roles.js';
import { Api, ApiError, type Me } from '../api.js';
import { UnverifiedEmailNotice } from '../email-notice.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { LanguageMenuItems } from '../i18n/language-switch.js';
import { useMessages, type Messages } from '../i18n/messages.js';
import { Link, navigate } from '../router.js';
import { useSignOut } from '../session.js';
import { ThemeMenuItems } from '../theme-menu.js';
import { Loading } from '../ui.js';
import { ContractsPage } from './contracts.js';
import { AuditLogPage } from './audit-log.js';
import { DomainsPage, JoinableCompanies, JoinRequestsPage } from './domains.js';
import { PendingInvitations } from './invitations.js';
import { MemberDetailsPage } from './member-details.js';
import { MembersPage } from './members.js';
import { ScimPage } from './scim.js';
import { TeamPage } from './team.js';
import { TeamsPage } from './teams.js';
import { TwoFactorRulePage } from './two-factor-rule.js';
import { WebhooksPage } from './webhooks.js';

/** The bar at the top: where you are, and the account menu (the account, the language, the theme, signing out). */
export function TopBar({ me, companyName }: { me: Me; companyName?: string }) {
  const signOut = useSignOut();
  const said = useMessages().common;
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        {said.brand}
      </Link>
      {companyName !== undefined && <span className="company-name">{companyName}</span>}
      <span className="spacer" />
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="secondary who" aria-label={said.accountMenu(me.user.name)}>
            {me.user.name} <span aria-hidden="true">▾</span>
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/account')}>
              {said.account}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="menu-separator" />
            {/* The account keeps the choice too (its mails speak it, another browser starts in it); the page's holds here either way. */}
            <LanguageMenuItems onChosen={(language) => void Api.updateProfile({ language }).catch(() => undefined)} />
            <DropdownMenu.Separator className="menu-separator" />
            <ThemeMenuItems />
            <DropdownMenu.Separator className="menu-separator" />
            <DropdownMenu.Item className="menu-item" onSelect={() => void signOut()}>
              {said.signOut}
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </header>
  );
}

/** Create a company: the signed-in user becomes its owner. */
export function CreateCompany({ me }: { me: Me }) {
  const client = useQueryClient();
  const said = useMessages().shell;
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => Api.createCompany(name),
    onSuccess: async ({ company }) => {
      await client.invalidateQueries({ queryKey: ['me'] });
      navigate(`/companies/${company.id}/members`);
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <TopBar me={me} />
      <main className="narrow">
        <h1>{said.createCompanyTitle}</h1>
        <UnverifiedEmailNotice me={me} />
        <JoinableCompanies me={me} />
        <p>{said.createCompanyIntro}</p>
        <form onSubmit={submit} noValidate>
          <FormError error={create.error} fields={['name']} />
          <Field label={said.companyName} required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(create.error, 'name')} />
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? said.creating : said.createCompany}
          </button>
        </form>
      </main>
    </>
  );
}

/**
 * The company's settings sections, in the order of its navigation: the path's last part, its name
 * in the shell catalogue, and the permission that shows it (none: every member sees it).
 */
const SETTINGS_SECTIONS: readonly { section: string; label: keyof Messages['shell']['nav']; permission: Action | null }[] = [
  { section: 'members', label: 'members', permission: null },
  { section: 'teams', label: 'teams', permission: null },
  { section: 'contracts', label: 'contracts', permission: null },
  { section: 'security', label: 'security', permission: 'company.setTwoFactorRule' },
  { section: 'invitations', label: 'invitations', permission: 'invitation.list' },
  { section: 'domains', label: 'domains', permission: 'domain.manage' },
  { section: 'scim', label: 'scim', permission: 'scim.manage' },
  { section: 'webhooks', label: 'webhooks', permission: 'webhook.manage' },
  { section: 'audit-log', label: 'auditLog', permission: 'audit.read' },
  { section: 'join-requests', label: 'joinRequests', permission: 'joinRequest.review' },
];

/** Settings › Members & Permissions of one company: the shell around its sections. */
export function CompanyPage({
  me,
  companyId,
  section,
  userId,
  teamId = null,
  search = new URLSearchParams(),
}: {
  me: Me;
  companyId: string;
  section: string;
  userId: string | null;
  /** A team's own page (`/teams/:teamId`) within the Teams section. */
  teamId?: string | null;
  search?: URLSearchParams;
}) {
  const said = useMessages().shell;
  const company = useQuery({ queryKey: ['company', companyId], queryFn: () => Api.company(companyId) });
  const membership = me.companies.find((entry) => entry.company.id === companyId);

  if (company.error instanceof ApiError && company.error.code === 'NOT_FOUND') {
    return (
      <>
        <TopBar me={me} />
        <main className="narrow">
          <h1>{said.noAccessTitle}</h1>
          <p role="alert">{said.noAccess}</p>
          <p>
            <Link href="/">{said.goToCompanies}</Link>
          </p>
        </main>
      </>
    );
  }
  if (company.error instanceof ApiError && company.error.code === 'TWO_FACTOR_REQUIRED') {
    // The company's rule covers this person, who has not turned two-factor on: to the Account section that does.
    return <ToEnrolment />;
  }
  if (!company.data || !membership) {
    return (
      <>
        <TopBar me={me} />
        <main>{company.error ? <ErrorMessage error={company.error} /> : <Loading label={said.loadingCompany} />}</main>
      </>
    );
  }
  const can = company.data.can;
  const base = `/companies/${companyId}`;
  const current = (name: string) => (section === name && userId === null && teamId === null ? 'page' : undefined);
  return (
    <>
      <TopBar me={me} companyName={company.data.company.name} />
      <div className="layout">
        <nav aria-label={said.settings} className="settings-nav">
          <p className="muted">{said.settings}</p>
          <ul>
            {SETTINGS_SECTIONS.filter((entry) => entry.permission === null || can[entry.permission] === true).map((entry) => (
              <li key={entry.section}>
                <Link href={`${base}/${entry.section}`} aria-current={current(entry.section)}>
                  {said.nav[entry.label]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <UnverifiedEmailNotice me={me} />
          {section === 'members' && userId === null && <MembersPage view={company.data} />}
          {section === 'members' && userId !== null && (
            <MemberDetailsPage company={company.data.company} userId={userId} viewerId={me.user.id} />
          )}
          {section === 'invitations' && (
            <PendingInvitations company={company.data.company} invitableCompanyRoles={company.data.invitableCompanyRoles} />
          )}
          {section === 'teams' && teamId === null && <TeamsPage view={company.data} />}
          {section === 'teams' && teamId !== null && <TeamPage view={company.data} teamId={teamId} viewerId={me.user.id} />}
          {section === 'contracts' && <ContractsPage view={company.data} search={search} viewerId={me.user.id} />}
          {section === 'security' && <TwoFactorRulePage view={company.data} />}
          {section === 'domains' && <DomainsPage view={company.data} />}
          {section === 'join-requests' && <JoinRequestsPage view={company.data} />}
          {section === 'scim' && <ScimPage view={company.data} />}
          {section === 'webhooks' && <WebhooksPage view={company.data} />}
          {section === 'audit-log' && <AuditLogPage view={company.data} />}
          {!['members', 'invitations', 'teams', 'contracts', 'security', 'domains', 'join-requests', 'scim', 'webhooks', 'audit-log'].includes(section) && <p>{said.pageNotFound}</p>}
        </main>
      </div>
    </>
  );
}

/** Sends a person the company's two-factor rule stops to turn two-factor on (a replaced entry: Back does not loop). */
function ToEnrolment() {
  useEffect(() => navigate('/account/two-factor?required=1', { replace: true }), []);
  return null;
}
