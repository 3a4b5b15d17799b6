import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Api, type CompanyView, type TwoFactorRule } from '../api.js';
import { FormError } from '../errors.js';

const CHOICES: { rule: TwoFactorRule; label: string; hint: string }[] = [
  { rule: 'none', label: 'Nobody', hint: 'Everyone chooses for themselves.' },
  { rule: 'admins', label: 'Admins', hint: 'The account owner and whoever is an admin, a finance admin or a team admin.' },
  { rule: 'everyone', label: 'Everyone', hint: 'Every member of the company.' },
];

/**
 * Settings › Security: who in the company must use two-factor authentication (the owner's choice).
 * Those it covers who have not turned it on are sent to do so before they can use the company.
 */
export function TwoFactorRulePage({ view }: { view: CompanyView }) {
  const client = useQueryClient();
  const [rule, setRule] = useState<TwoFactorRule>(view.company.twoFactorRule);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => Api.setTwoFactorRule(view.company.id, rule),
    onSuccess: async () => {
      setSaved('Saved.');
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
      <h1>Security</h1>
      <form onSubmit={submit} noValidate>
        <fieldset disabled={!mayChange}>
          <legend>Who must use two-factor authentication</legend>
          {CHOICES.map((choice) => (
            <div className="radio" key={choice.rule}>
              <input
                type="radio"
                id={`rule-${choice.rule}`}
                name="two-factor-rule"
                value={choice.rule}
                checked={rule === choice.rule}
                onChange={() => setRule(choice.rule)}
                aria-describedby={`rule-${choice.rule}-hint`}
              />
              <label htmlFor={`rule-${choice.rule}`}>{choice.label}</label>
              <span className="hint" id={`rule-${choice.rule}-hint`}>
                {choice.hint}
              </span>
            </div>
          ))}
        </fieldset>
        <p className="muted">People it covers who have not turned on two-factor authentication are asked to, before they can use the company. The members list shows which admins have not.</p>
        <FormError error={save.error} fields={['rule']} />
        {mayChange && (
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        )}
        <p role="status">{saved ?? ''}</p>
      </form>
    </>
  );
}
