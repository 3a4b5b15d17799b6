import type { Me } from '../../api.js';
import { UnverifiedEmailNotice } from '../../email-notice.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { TopBar } from '../company.js';
import { ACCOUNT_SECTIONS } from './sections.js';

/** The Account area: one's own account, whatever the company, one section at a time. */
export function AccountPage({ me, sectionId }: { me: Me; sectionId: string | null }) {
  const { account: said, common } = useMessages();
  const section = sectionId === null ? ACCOUNT_SECTIONS[0] : ACCOUNT_SECTIONS.find((entry) => entry.id === sectionId);
  return (
    <>
      <TopBar me={me} />
      <div className="layout">
        <nav aria-label={common.account} className="settings-nav">
          <p className="muted">{common.account}</p>
          <ul>
            {ACCOUNT_SECTIONS.map((entry) => (
              <li key={entry.id}>
                <Link href={`/account/${entry.id}`} aria-current={entry === section ? 'page' : undefined}>
                  {said.sections[entry.label]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <UnverifiedEmailNotice me={me} />
          {section ? (
            <>
              <h1>{said.sections[section.label]}</h1>
              <section.Component me={me} />
            </>
          ) : (
            <>
              <h1>{common.notFoundTitle}</h1>
              <p>
                <Link href="/account">{said.goToAccount}</Link>
              </p>
            </>
          )}
        </main>
      </div>
    </>
  );
}
