import type { Me } from '../../api.js';
import { JoinableCompanies } from '../domains.js';

/** The companies one may join by the domain of one's verified email, from wherever one is. */
export function CompaniesSection({ me }: { me: Me }) {
  return (
    <JoinableCompanies
      me={me}
      whenNone={
        <p>
          {me.user.emailVerified
            ? `No company lets people with an email at ${me.user.email.split('@').pop() ?? ''} join by themselves. Ask an admin of your company to invite you.`
            : 'Verify your email first: companies let people join by the domain of a verified email only.'}
        </p>
      }
    />
  );
}
