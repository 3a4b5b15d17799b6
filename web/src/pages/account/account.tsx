import type { Me } from '../../api.js';
import { UnverifiedEmailNotice } from '../../email-notice.js';
import { Link } from '../../router.js';
import { TopBar } from '../company.js';
import { ACCOUNT_SECTIONS } from './sections.js';

/** The Account area: one's own account, whatever the company, one section at a time. */
export function AccountPage({ me, sectionId }: { me: Me; sectionId: string | null }) {
  const section = sectionId === null ? ACCOUNT_SECTIONS[0] : ACCOUNT_SECTIONS.find((entry) => entry.id === sectionId);
  return (
    <>
      <TopBar me={me} />
      <div className="layout">
        <nav aria-label="Account" className="settings-nav">
          <p className="muted">Account</p>
          <ul>
            {ACCOUNT_SECTIONS.map((entry) => (
              <li key={entry.id}>
                <Link href={`/account/${entry.id}`} aria-current={entry === section ? 'page' : undefined}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <UnverifiedEmailNotice me={me} />
          {section ? (
            <>
              <h1>{section.label}</h1>
              <section.Component me={me} />
            </>
          ) : (
            <>
              <h1>Page not found</h1>
              <p>
                <Link href="/account">Go to your account</Link>
              </p>
            </>
          )}
        </main>
      </div>
    </>
  );
}
