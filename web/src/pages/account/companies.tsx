import type { Me } from '../../api.js';
import { useMessages } from '../../i18n/messages.js';
import { JoinableCompanies } from '../domains.js';

/** The companies one may join by the domain of one's verified email, from wherever one is. */
export function CompaniesSection({ me }: { me: Me }) {
  const said = useMessages().account;
  return (
    <JoinableCompanies
      me={me}
      whenNone={
        <p>
          {me.user.emailVerified
            ? said.noJoinableCompanies(me.user.email.split('@').pop() ?? '')
            : said.verifyToJoin}
        </p>
      }
    />
  );
}
