import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Api, ApiError, type Me } from '../api.js';
import { UnverifiedEmailNotice } from '../email-notice.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { LanguageMenuItems } from '../i18n/language-switch.js';
import { useMessages } from '../i18n/messages.js';
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
            <LanguageMenuItems />
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
        <h1>Create a company</h1>
        <UnverifiedEmailNotice me={me} />
        <JoinableCompanies me={me} />
        <p>Your company’s hiring account: you will be its account owner, and can then invite your coworkers.</p>
        <form onSubmit={submit} noValidate>
          <FormError error={create.error} fields={['name']} />
          <Field label="Company name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(create.error, 'name')} />
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create company'}
          </button>
        </form>
      </main>
    </>
  );
}

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
  const company = useQuery({ queryKey: ['company', companyId], queryFn: () => Api.company(companyId) });
  const membership = me.companies.find((entry) => entry.company.id === companyId);

  if (company.error instanceof ApiError && company.error.code === 'NOT_FOUND') {
    return (
      <>
        <TopBar me={me} />
        <main className="narrow">
          <h1>No access</h1>
          <p role="alert">You do not have access to this company. You may have been removed from it.</p>
          <p>
            <Link href="/">Go to your companies</Link>
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
        <main>{company.error ? <ErrorMessage error={company.error} /> : <Loading label="Loading the company…" />}</main>
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
        <nav aria-label="Settings" className="settings-nav">
          <p className="muted">Settings</p>
          <ul>
            <li>
              <Link href={`${base}/members`} aria-current={current('members')}>
                Members &amp; Permissions
              </Link>
            </li>
            <li>
              <Link href={`${base}/teams`} aria-current={current('teams')}>
                Teams
              </Link>
            </li>
            <li>
              <Link href={`${base}/contracts`} aria-current={current('contracts')}>
                Contracts
              </Link>
            </li>
            {can['company.setTwoFactorRule'] === true && (
              <li>
                <Link href={`${base}/security`} aria-current={current('security')}>
                  Security
                </Link>
              </li>
            )}
            {can['invitation.list'] === true && (
              <li>
                <Link href={`${base}/invitations`} aria-current={current('invitations')}>
                  Pending invitations
                </Link>
              </li>
            )}
            {can['domain.manage'] === true && (
              <li>
                <Link href={`${base}/domains`} aria-current={current('domains')}>
                  Domains
                </Link>
              </li>
            )}
            {can['scim.manage'] === true && (
              <li>
                <Link href={`${base}/scim`} aria-current={current('scim')}>
                  SCIM
                </Link>
              </li>
            )}
            {can['webhook.manage'] === true && (
              <li>
                <Link href={`${base}/webhooks`} aria-current={current('webhooks')}>
                  Webhooks
                </Link>
              </li>
            )}
            {can['audit.read'] === true && (
              <li>
                <Link href={`${base}/audit-log`} aria-current={current('audit-log')}>
                  Audit log
                </Link>
              </li>
            )}
            {can['joinRequest.review'] === true && (
              <li>
                <Link href={`${base}/join-requests`} aria-current={current('join-requests')}>
                  Join requests
                </Link>
              </li>
            )}
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
          {!['members', 'invitations', 'teams', 'contracts', 'security', 'domains', 'join-requests', 'scim', 'webhooks', 'audit-log'].includes(section) && <p>Page not found.</p>}
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
