import { useEffect } from 'react';
import { ErrorMessage } from './errors.js';
import { AcceptInvitation } from './pages/accept-invitation.js';
import { SignIn, SignUp, VerifyEmail } from './pages/auth.js';
import { CompanyPage, CreateCompany } from './pages/company.js';
import { match, navigate, useLocation } from './router.js';
import { useSession } from './session.js';
import { Loading } from './ui.js';

/** The page's routes; every one of them is also a server path that answers index.html. */
export function App() {
  const { path, search } = useLocation();
  const { me, error } = useSession();

  const invitation = match('/invitations/:token', path);
  if (invitation) return <AcceptInvitation token={invitation.token ?? ''} me={me} />;
  const verify = match('/verify-email/:token', path);
  if (verify) return <VerifyEmail token={verify.token ?? ''} />;
  if (path === '/signup') return <SignUp next={search.get('next')} />;
  if (path === '/signin') return <SignIn next={search.get('next')} />;

  if (me === undefined) {
    return <main className="narrow">{error ? <ErrorMessage error={error} /> : <Loading what="your account" />}</main>;
  }
  if (me === null) return <RedirectTo path={`/signin?next=${encodeURIComponent(path + (search.size > 0 ? `?${search.toString()}` : ''))}`} />;

  if (path === '/' || path === '') {
    const first = me.companies[0];
    return first ? <RedirectTo path={`/companies/${first.company.id}/members`} /> : <CreateCompany me={me} />;
  }
  if (path === '/companies/new') return <CreateCompany me={me} />;
  const company = match('/companies/:companyId/:section', path) ?? match('/companies/:companyId/:section/:userId', path);
  if (company) {
    return (
      <CompanyPage
        me={me}
        companyId={company.companyId ?? ''}
        section={company.section ?? ''}
        userId={company.userId ?? null}
      />
    );
  }
  return (
    <main className="narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Go to your company</a>
      </p>
    </main>
  );
}

/** Replaces the current path (no history entry for a redirect). */
function RedirectTo({ path }: { path: string }) {
  useEffect(() => navigate(path, { replace: true }), [path]);
  return null;
}
