import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { Api, type Me } from '../../api.js';
import { ErrorMessage, FormError } from '../../errors.js';
import { Field } from '../../field.js';
import { useMessages } from '../../i18n/messages.js';
import { useReauthentication } from '../../reauthenticate.js';
import { useLocation } from '../../router.js';
import { Loading, shownDay } from '../../ui.js';

/** Two-factor authentication: turn it on (QR code, first code), recovery codes, turn it off. */
export function TwoFactorSection({ me }: { me: Me }) {
  const said = useMessages().account;
  const status = useQuery({ queryKey: ['two-factor'], queryFn: Api.twoFactor });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);
  const { search } = useLocation();
  if (!status.data) return status.error ? <ErrorMessage error={status.error} /> : <Loading label={said.twoFactorLoading} />;
  return (
    <>
      {search.get('required') !== null && !status.data.enabled && (
        <p role="alert" className="notice">
          {said.twoFactorRequired}
        </p>
      )}
      <p>{said.twoFactorIntro}</p>
      <p role="status">{turnedOff && !status.data.enabled ? said.twoFactorIsOff : ''}</p>
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
  const said = useMessages().account;
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
    // The QR code's library is loaded when a setup starts, not with the page (a chunk of its own).
    void import('qrcode')
      .then(({ default: QRCode }) => QRCode.toDataURL(uri, { margin: 2, width: 200 }))
      .then((url) => {
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
          {start.isPending ? said.preparing : said.turnOnTwoFactor}
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
      <h2 id="two-factor-setup">{said.setUpApp}</h2>
      <ol>
        <li>{said.setUpScan}</li>
        <li>{said.setUpCode}</li>
      </ol>
      {qr !== null && <img src={qr} width={200} height={200} alt={said.qrAlt} />}
      <p>
        {said.cannotScan} <code className="secret">{start.data.secret}</code>
      </p>
      <form onSubmit={submit} noValidate>
        <FormError error={enable.error} fields={['code']} />
        <Field
          label={said.codeFromApp}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" disabled={enable.isPending}>
          {enable.isPending ? said.checking : said.turnOn}
        </button>
      </form>
    </section>
  );
}

/** The ten recovery codes, shown this once: copy them, or download them as a text file. */
function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const said = useMessages().account;
  const [copied, setCopied] = useState<string | null>(null);
  const text = `${said.recoveryCodesFile(email)}\n\n${codes.join('\n')}\n`;
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);
  const copy = () => {
    navigator.clipboard.writeText(codes.join('\n')).then(
      () => setCopied(said.codesCopied),
      () => setCopied(said.codesCopyRefused),
    );
  };
  return (
    <section aria-labelledby="recovery-codes" className="recovery-codes">
      <h2 id="recovery-codes">{said.yourRecoveryCodes}</h2>
      <p>{said.keepCodesSafe}</p>
      <ul className="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" onClick={copy}>
          {said.copyCodes}
        </button>
        {href !== null && (
          <a className="button secondary" href={href} download="roster-recovery-codes.txt">
            {said.downloadCodes}
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
  const said = useMessages().account;
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
        <strong>{said.twoFactorIsOn}</strong>
        {said.twoFactorOnSince(shownDay(enabledAt), left)}
      </p>
      <section aria-labelledby="new-recovery-codes">
        <h2 id="new-recovery-codes">{said.recoveryCodes}</h2>
        <p>{said.newCodesReplace}</p>
        <ErrorMessage error={regenerate.error} />
        <button type="button" className="secondary" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
          {regenerate.isPending ? said.makingCodes : said.makeCodes}
        </button>
      </section>
      <section aria-labelledby="turn-off">
        <h2 id="turn-off">{said.turnOffTitle}</h2>
        <form onSubmit={submit} noValidate>
          <FormError error={turnOff.error} fields={['password', 'code', 'recoveryCode']} />
          <Field label={said.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <Field
            label={said.codeOrRecoveryCode}
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="danger" disabled={turnOff.isPending}>
            {turnOff.isPending ? said.turningOff : said.turnOff}
          </button>
        </form>
      </section>
    </>
  );
}
