import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Api, type Me } from '../../api.js';
import { ErrorMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useReauthentication } from '../../reauthenticate.js';
import { useLocation } from '../../router.js';
import { Loading } from '../../ui.js';

/** Two-factor authentication: turn it on (QR code, first code), recovery codes, turn it off. */
export function TwoFactorSection({ me }: { me: Me }) {
  const status = useQuery({ queryKey: ['two-factor'], queryFn: Api.twoFactor });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);
  const { search } = useLocation();
  if (!status.data) return status.error ? <ErrorMessage error={status.error} /> : <Loading label="Loading two-factor authentication…" />;
  return (
    <>
      {search.get('required') !== null && !status.data.enabled && (
        <p role="alert" className="notice">
          A company you belong to asks you to turn on two-factor authentication before you go on.
        </p>
      )}
      <p>
        Two-factor authentication asks for a code from an app on your phone when you sign in, besides your password, so that a
        stolen password alone does not open your account.
      </p>
      <p role="status">{turnedOff && !status.data.enabled ? 'Two-factor authentication is off.' : ''}</p>
      {codes !== null && <RecoveryCodes codes={codes} email={me.user.email} />}
      {status.data.enabled ? (
        <TurnedOn
          enabledAt={status.data.enabledAt ?? ''}
          left={status.data.recoveryCodesLeft}
          onNewCodes={setCodes}
          onTurnedOff={() => {
            setCodes(null);
            setTurnedOff(true);
          }}
        />
      ) : (
        codes === null && <TurnOn onDone={setCodes} />
      )}
    </>
  );
}

/** Step one: a new secret as a QR code (and as text); step two: the code the app shows. */
function TurnOn({ onDone }: { onDone: (codes: string[]) => void }) {
  const client = useQueryClient();
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: Api.startTwoFactor });
  const enable = useMutation({
    mutationFn: () => Api.enableTwoFactor(code),
    onSuccess: async ({ recoveryCodes }) => {
      onDone(recoveryCodes);
      await client.invalidateQueries({ queryKey: ['two-factor'] });
    },
  });
  const uri = start.data?.uri;
  useEffect(() => {
    if (uri === undefined) return;
    let current = true;
    void QRCode.toDataURL(uri, { margin: 2, width: 200 }).then((url) => {
      if (current) setQr(url);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  if (!start.data) {
    return (
      <>
        <ErrorMessage error={start.error} />
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? 'Preparing…' : 'Turn on two-factor authentication'}
        </button>
      </>
    );
  }
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    enable.mutate();
  };
  return (
    <section aria-labelledby="two-factor-setup">
      <h2 id="two-factor-setup">Set up your authenticator app</h2>
      <ol>
        <li>Open an authenticator app (Google Authenticator, 1Password, Authy…) and scan this QR code.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      {qr !== null && <img src={qr} width={200} height={200} alt="QR code of your two-factor secret, for your authenticator app" />}
      <p>
        Cannot scan it? Enter this key in the app: <code className="secret">{start.data.secret}</code>
      </p>
      <form onSubmit={submit} noValidate>
        <FormError error={enable.error} fields={['code']} />
        <Field
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" disabled={enable.isPending}>
          {enable.isPending ? 'Checking…' : 'Turn on'}
        </button>
      </form>
    </section>
  );
}

/** The ten recovery codes, shown this once: copy them, or download them as a text file. */
function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = `Roster recovery codes for ${email}\nEach code works once, in place of a code from your app.\n\n${codes.join('\n')}\n`;
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);
  const copy = () => {
    navigator.clipboard.writeText(codes.join('\n')).then(
      () => setCopied('The recovery codes are copied.'),
      () => setCopied('Copying was refused by the browser; select the codes and copy them, or download them.'),
    );
  };
  return (
    <section aria-labelledby="recovery-codes" className="recovery-codes">
      <h2 id="recovery-codes">Your recovery codes</h2>
      <p>
        Keep these somewhere safe. If you lose your phone, each code signs you in once in place of a code from the app. They are
        shown only now.
      </p>
      <ul className="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" onClick={copy}>
          Copy codes
        </button>
        {href !== null && (
          <a className="button secondary" href={href} download="roster-recovery-codes.txt">
            Download codes
          </a>
        )}
      </div>
      <p role="status">{copied ?? ''}</p>
    </section>
  );
}

/** Two-factor is on: new recovery codes, or turning it off (password and code, after a recent sign-in). */
function TurnedOn({
  enabledAt,
  left,
  onNewCodes,
  onTurnedOff,
}: {
  enabledAt: string;
  left: number;
  onNewCodes: (codes: string[]) => void;
  onTurnedOff: () => void;
}) {
  const client = useQueryClient();
  const { run, dialog } = useReauthentication();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const regenerate = useMutation({
    mutationFn: () => run(Api.regenerateRecoveryCodes),
    onSuccess: async ({ recoveryCodes }) => {
      onNewCodes(recoveryCodes);
      await client.invalidateQueries({ queryKey: ['two-factor'] });
    },
  });
  const turnOff = useMutation({
    mutationFn: () => {
      const proof = /^[\d\s]+$/.test(code.trim()) ? { code } : { recoveryCode: code };
      return run(() => Api.disableTwoFactor({ password, ...proof }));
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['two-factor'] });
      onTurnedOff();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    turnOff.mutate();
  };
  return (
    <>
      {dialog}
      <p>
        <strong>Two-factor authentication is on</strong> since {new Date(enabledAt).toLocaleDateString()}. Recovery codes left: {left}.
      </p>
      <section aria-labelledby="new-recovery-codes">
        <h2 id="new-recovery-codes">Recovery codes</h2>
        <p>New codes replace the old ones, used or not.</p>
        <ErrorMessage error={regenerate.error} />
        <button type="button" className="secondary" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
          {regenerate.isPending ? 'Making new codes…' : 'Make new recovery codes'}
        </button>
      </section>
      <section aria-labelledby="turn-off">
        <h2 id="turn-off">Turn off two-factor authentication</h2>
        <form onSubmit={submit} noValidate>
          <FormError error={turnOff.error} fields={['password', 'code', 'recoveryCode']} />
          <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <Field
            label="Code from the app, or a recovery code"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="danger" disabled={turnOff.isPending}>
            {turnOff.isPending ? 'Turning off…' : 'Turn off'}
          </button>
        </form>
      </section>
    </>
  );
}
