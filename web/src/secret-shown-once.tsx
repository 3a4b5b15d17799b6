import { useState, type ReactNode } from 'react';
import { Field } from './field.js';
import { useMessages } from './i18n/messages.js';

/**
 * A secret just made (an API token, a SCIM token), shown this once: what to do with it, the secret
 * selected on focus, a button that copies it (and says when copying did not work), and Done.
 */
export function SecretShownOnce({
  region,
  children,
  label,
  secret,
  onDone,
}: {
  /** The region's accessible name. */
  region: string;
  /** What to do with it, above the secret. */
  children: ReactNode;
  /** The field's label. */
  label: string;
  secret: string;
  onDone: () => void;
}) {
  const { shell: said, common } = useMessages();
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="card" role="region" aria-label={region}>
      <p>{children}</p>
      <Field label={label} readOnly value={secret} onFocus={(event) => event.currentTarget.select()} />
      <div className="actions start">
        <button
          type="button"
          onClick={() => {
            navigator.clipboard.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {said.copyToken}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {common.done}
        </button>
      </div>
      <p role="status">{copied === true ? said.copied : copied === false ? said.copyFailed : ''}</p>
    </div>
  );
}
