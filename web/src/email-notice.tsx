import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Api, ApiError, type Me } from './api.js';
import { ErrorMessage } from './errors.js';
import { useMessages } from './i18n/messages.js';

/**
 * "Send the link again": mails the signed-in user a new verification link, and says where it went,
 * or why not (429: when to try again). A 409 means the address was confirmed meanwhile (the link
 * opened in another tab): `me` is read again, which ends the notice that holds this button.
 */
export function SendLinkAgain({ email }: { email: string }) {
  const client = useQueryClient();
  const said = useMessages().shell;
  const resend = useMutation({
    mutationFn: Api.resendVerification,
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'CONFLICT') await client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const confirmed = resend.error instanceof ApiError && resend.error.code === 'CONFLICT';
  return (
    <>
      <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
        {resend.isPending ? said.sending : said.sendLinkAgain}
      </button>
      {/* In the page before it speaks, so that screen readers announce what it comes to say. */}
      <p role="status" className="notice-outcome">
        {resend.isSuccess && said.linkSentAgain(email)}
        {confirmed && said.emailConfirmed}
      </p>
      {!confirmed && <ErrorMessage error={resend.error} />}
    </>
  );
}

/**
 * What a signed-in user whose email is not confirmed is told, with the way to a new link: such an
 * account sends no invitations (`EMAIL_NOT_VERIFIED`), and a first mail may have been lost.
 * Nothing once confirmed: the verification page, and a 409 here, read `me` again.
 */
export function UnverifiedEmailNotice({ me }: { me: Me }) {
  const said = useMessages().shell;
  if (me.user.emailVerified) return null;
  return (
    <section className="notice" aria-label={said.confirmEmailRegion}>
      <p>
        {said.confirmEmailBefore}
        <strong className="email">{me.user.email}</strong>
        {said.confirmEmailAfter}
      </p>
      <SendLinkAgain email={me.user.email} />
    </section>
  );
}
