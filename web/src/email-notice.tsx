import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Api, ApiError, type Me } from './api.js';
import { ErrorMessage } from './errors.js';

/**
 * "Send the link again": mails the signed-in user a new verification link, and says where it went,
 * or why not (429: when to try again). A 409 means the address was confirmed meanwhile (the link
 * opened in another tab): `me` is read again, which ends the notice that holds this button.
 */
export function SendLinkAgain({ email }: { email: string }) {
  const client = useQueryClient();
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
        {resend.isPending ? 'Sending…' : 'Send the link again'}
      </button>
      {/* In the page before it speaks, so that screen readers announce what it comes to say. */}
      <p role="status" className="notice-outcome">
        {resend.isSuccess && `We sent a new link to ${email}. Open it to confirm your address.`}
        {confirmed && 'Your email address is confirmed.'}
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
  if (me.user.emailVerified) return null;
  return (
    <section className="notice" aria-label="Confirm your email address">
      <p>
        Confirm your email address (<strong className="email">{me.user.email}</strong>) to invite people.
      </p>
      <SendLinkAgain email={me.user.email} />
    </section>
  );
}
