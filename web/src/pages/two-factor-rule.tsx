import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, type CompanyView, type TwoFactorRule } from '../api.js';
import { FormError } from '../errors.js';
import { useMessages } from '../i18n/messages.js';

/** The rules offered, in order (their words in the settings catalogue). */
const CHOICES: readonly TwoFactorRule[] = ['none', 'admins', 'everyone'];

/**
 * Settings › Security: who in the company must use two-factor authentication (the owner's choice).
 * Those it covers who have not turned it on are sent to do so before they can use the company.
 */
export function TwoFactorRulePage({ view }: { view: CompanyView }) {
  const client = useQueryClient();
  const { settings: said, common } = useMessages();
  const [rule, setRule] = useState<TwoFactorRule>(view.company.twoFactorRule);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => Api.setTwoFactorRule(view.company.id, rule),
    onSuccess: async () => {
      setSaved(said.saved);
      await client.invalidateQueries({ queryKey: ['company', view.company.id] });
      await client.invalidateQueries({ queryKey: ['members', view.company.id] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSaved(null);
    save.mutate();
  };
  const mayChange = view.can['company.setTwoFactorRule'] === true;
  return (
    <>
      <h1>{said.securityTitle}</h1>
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!mayChange}>
          <legend>{said.twoFactorRuleLegend}</legend>
          {CHOICES.map((choice) => (
            <div className="radio" key={choice}>
              <input
                type="radio"
                id={`rule-${choice}`}
                name="two-factor-rule"
                value={choice}
                checked={rule === choice}
                onChange={() => setRule(choice)}
                aria-describedby={`rule-${choice}-hint`}
              />
              <label htmlFor={`rule-${choice}`}>{said.twoFactorRules[choice].label}</label>
              <span className="hint" id={`rule-${choice}-hint`}>
                {said.twoFactorRules[choice].hint}
              </span>
            </div>
          ))}
        </fieldset>
        <p className="muted">{said.twoFactorRuleNote}</p>
        <FormError error={save.error} fields={['rule']} />
        {mayChange && (
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? common.saving : common.save}
          </button>
        )}
        <p role="status">{saved ?? ''}</p>
      </form>
    </>
  );
}
