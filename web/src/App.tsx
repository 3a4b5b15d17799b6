import { useEffect } from 'react';
import { PAGE_PATHS } from '../../src/http/page-paths.js';
import { ErrorMessage } from './errors.js';
import { AcceptInvitation } from './pages/accept-invitation.js';
import { AccountPage } from './pages/account/account.js';
import { SignIn, SignUp, VerifyEmail } from './pages/auth.js';
import { ConfirmEmail, ForgotPassword, ResetPassword } from './pages/recovery.js';
import { CompanyPage, CreateCompany } from './pages/company.js';
import { SsoSignIn } from './pages/sso.js';
import { adoptAccountLanguage } from './i18n/language.js';
import { messages } from './i18n/messages.js';
import { match, navigate, useLocation } from './router.js';
import { useSession } from './session.js';
import { Loading } from './ui.js';

/** The page's routes, PAGE_PATHS: the server answers index.html at these paths and no others. */
export function App() {
  const { path, search } = useLocation();
  const { me, error } = useSession();
  const accountLanguage = me?.user.language;
  useEffect(() => adoptAccountLanguage(accountLanguage), [accountLanguage]);

  const invitation = match(PAGE_PATHS.acceptInvitation, path);
  if (invitation) return <AcceptInvitation token={invitation.token ?? ''} me={me} />;
  const verify = match(PAGE_PATHS.verifyEmail, path);
  if (verify) return <VerifyEmail token={verify.token ?? ''} />;
  if (match(PAGE_PATHS.signUp, path)) return <SignUp next={search.get('next')} />;
  if (match(PAGE_PATHS.signIn, path)) return <SignIn next={search.get('next')} />;
  if (match(PAGE_PATHS.ssoSignIn, path)) return <SsoSignIn next={search.get('next')} error={search.get('error')} email={search.get('email')} />;
  if (match(PAGE_PATHS.forgotPassword, path)) return <ForgotPassword />;
  const reset = match(PAGE_PATHS.resetPassword, path);
  if (reset) return <ResetPassword token={reset.token ?? ''} />;
  const confirm = match(PAGE_PATHS.confirmEmail, path);
  if (confirm) return <ConfirmEmail token={confirm.token ?? ''} />;

  if (me === undefined) {
    return <main className="narrow">{error ? <ErrorMessage error={error} /> : <Loading label={messages().common.loadingAccount} />}</main>;
  }
  if (me === null) return <RedirectTo path={`/signin?next=${encodeURIComponent(path + (search.size > 0 ? `?${search.toString()}` : ''))}`} />;

  if (match(PAGE_PATHS.home, path)) {
    const first = me.companies[0];
    return first ? <RedirectTo path={`/companies/${first.company.id}/members`} /> : <CreateCompany me={me} />;
  }
  if (match(PAGE_PATHS.newCompany, path)) return <CreateCompany me={me} />;
  if (match(PAGE_PATHS.account, path)) return <AccountPage me={me} sectionId={null} />;
  const account = match(PAGE_PATHS.accountSection, path);
  if (account) return <AccountPage me={me} sectionId={account.section ?? ''} />;
  for (const section of ['members', 'member', 'teams', 'team', 'contracts', 'invitations', 'security', 'domains', 'joinRequests', 'scim', 'webhooks', 'auditLog'] as const) {
    const company = match(PAGE_PATHS[section], path);
    if (company) {
      return (
        <CompanyPage
          me={me}
          companyId={company.companyId ?? ''}
          section={section === 'member' ? 'members' : section === 'team' ? 'teams' : section === 'joinRequests' ? 'join-requests' : section === 'auditLog' ? 'audit-log' : section}
          userId={company.userId ?? null}
          teamId={company.teamId ?? null}
          search={search}
        />
      );
    }
  }
  return (
    <main className="narrow">
      <h1>{messages().common.notFoundTitle}</h1>
      <p>
        <a href="/">{messages().common.goToCompany}</a>
      </p>
    </main>
  );
}

/** Replaces the current path (no history entry for a redirect). */
function RedirectTo({ path }: { path: string }) {
  useEffect(() => navigate(path, { replace: true }), [path]);
  return null;
}
