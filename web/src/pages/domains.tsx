import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode, type SyntheticEvent } from 'react';
import { Api, type CompanyView, type Domain, type JoinableCompany, type Joining, type Me, type PendingJoinRequest } from '../api.js';
import { ErrorMessage, fieldMessage, FormError } from '../errors.js';
import { Field } from '../field.js';
import { navigate } from '../router.js';
import { Confirm, Loading } from '../ui.js';
import { useTeams } from './members.js';
import { SsoSettings } from './sso.js';

/** One domain: its state, the TXT record to publish, "Check now" and "Remove". */
function DomainItem({ companyId, domain }: { companyId: string; domain: Domain }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: ['domains', companyId] });
  const check = useMutation({ mutationFn: () => Api.checkDomain(companyId, domain.id), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => Api.removeDomain(companyId, domain.id),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const verified = domain.status === 'verified';
  return (
    <li className="card">
      <div className="card-head">
        <strong>{domain.domain}</strong>
        <span className={verified ? 'badge' : 'badge muted'}>{verified ? 'Verified' : 'Pending'}</span>
      </div>
      {!verified && (
        <>
          <p>Publish this DNS TXT record, then check it:</p>
          <dl className="record">
            <dt>Name</dt>
            <dd>
              <code>{domain.record.name}</code>
            </dd>
            <dt>Type</dt>
            <dd>
              <code>TXT</code>
            </dd>
            <dt>Value</dt>
            <dd>
              <code className="break">{domain.record.value}</code>
            </dd>
          </dl>
        </>
      )}
      <ErrorMessage error={check.error} />
      <div className="actions">
        {!verified && (
          <button type="button" onClick={() => check.mutate()} disabled={check.isPending} aria-label={`Check now: ${domain.domain}`}>
            {check.isPending ? 'Checking…' : 'Check now'}
          </button>
        )}
        <button type="button" className="secondary" onClick={() => setConfirming(true)} aria-label={`Remove ${domain.domain}`}>
          Remove
        </button>
      </div>
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${domain.domain}?`}
        consequences={<p>People at {domain.domain} will no longer find the company to join by it. Members who joined stay.</p>}
        confirmLabel="Remove domain"
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        error={<ErrorMessage error={remove.error} />}
      />
    </li>
  );
}

/** Whether people at the verified domains join by themselves: off, into a team, or by request. */
function JoiningSetting({ companyId, joining, hasVerified }: { companyId: string; joining: Joining; hasVerified: boolean }) {
  const client = useQueryClient();
  const teams = useTeams(companyId);
  const [mode, setMode] = useState<Joining['mode']>(joining.mode);
  const [teamId, setTeamId] = useState(joining.teamId ?? '');
  const [saved, setSaved] = useState(false);
  const selectId = useId();
  const save = useMutation({
    mutationFn: () => Api.setJoining(companyId, mode === 'off' ? { mode } : { mode, teamId }),
    onSuccess: async () => {
      setSaved(true);
      await client.invalidateQueries({ queryKey: ['domains', companyId] });
    },
  });
  const shown = teams.data?.items.filter((team) => !team.hidden) ?? [];
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="joining-heading">
      <h2 id="joining-heading">Joining by domain</h2>
      {!hasVerified && <p className="muted">Verify a domain first: people whose verified email is at it can then join by themselves.</p>}
      <fieldset>
        <legend>People whose verified email is at a verified domain</legend>
        {(
          [
            ['off', 'Cannot join by themselves'],
            ['team', 'Join straight into a team, with no roles'],
            ['request', 'Ask to join a team; an admin or the team’s team admin answers'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input type="radio" name="joining-mode" value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {mode !== 'off' && (
        <div className="field">
          <label htmlFor={selectId}>Team</label>
          <select id={selectId} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">Choose a team</option>
            {shown.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormError error={save.error} fields={['mode', 'teamId']} />
      {saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={save.isPending || (mode !== 'off' && teamId === '')}>
        {save.isPending ? 'Saving…' : 'Save joining'}
      </button>
    </form>
  );
}

/** Settings › Domains: the company's domains, and joining by them (owner and admins; the setting the owner's). */
export function DomainsPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const domains = useQuery({ queryKey: ['domains', companyId], queryFn: () => Api.domains(companyId) });
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: () => Api.addDomain(companyId, name),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['domains', companyId] });
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <section aria-labelledby="domains-heading">
      <h1 id="domains-heading">Domains</h1>
      <p>A verified domain proves the company holds it. Add one, publish its DNS TXT record, and check it.</p>
      <form onSubmit={submit} noValidate className="inline-form">
        <FormError error={add.error} fields={['domain']} />
        <Field label="Domain" placeholder="example.com" value={name} onChange={(e) => setName(e.target.value)} error={fieldMessage(add.error, 'domain')} />
        <button type="submit" disabled={add.isPending || name.trim() === ''}>
          {add.isPending ? 'Adding…' : 'Add domain'}
        </button>
      </form>
      {domains.isPending && <Loading label="Loading domains…" />}
      <ErrorMessage error={domains.error} />
      {domains.data && (
        <>
          {domains.data.items.length === 0 ? (
            <p className="muted">No domains yet.</p>
          ) : (
            <ul className="cards wide" aria-label="Domains">
              {domains.data.items.map((domain) => (
                <DomainItem key={domain.id} companyId={companyId} domain={domain} />
              ))}
            </ul>
          )}
          {view.can['joining.configure'] === true ? (
            <JoiningSetting
              companyId={companyId}
              joining={domains.data.joining}
              hasVerified={domains.data.items.some((domain) => domain.status === 'verified')}
            />
          ) : (
            <p>
              Joining by domain: <strong>{domains.data.joining.mode === 'off' ? 'off' : domains.data.joining.mode === 'team' ? 'straight into a team' : 'by request'}</strong> (set by the account owner).
            </p>
          )}
          {view.can['sso.configure'] === true && (
            <SsoSettings companyId={companyId} verifiedDomains={domains.data.items.filter((domain) => domain.status === 'verified').map((domain) => domain.domain)} />
          )}
        </>
      )}
    </section>
  );
}

/** Settings › Join requests: the pending requests the viewer answers, with the requester's email. */
export function JoinRequestsPage({ view }: { view: CompanyView }) {
  const companyId = view.company.id;
  const client = useQueryClient();
  const requests = useQuery({ queryKey: ['join-requests', companyId], queryFn: () => Api.joinRequests(companyId) });
  const teams = useTeams(companyId);
  const [notice, setNotice] = useState<string | null>(null);
  const answer = useMutation({
    mutationFn: ({ request, verdict }: { request: PendingJoinRequest; verdict: 'approve' | 'decline' }) => (verdict === 'approve' ? Api.approveJoinRequest : Api.declineJoinRequest)(companyId, request.id),
    onSuccess: async (_, { request, verdict }) => {
      setNotice(verdict === 'approve' ? `${request.name} joined the team.` : `${request.name}’s request was declined.`);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['join-requests', companyId] }),
        client.invalidateQueries({ queryKey: ['members', companyId] }),
        client.invalidateQueries({ queryKey: ['teams', companyId] }),
      ]);
    },
    onError: () => client.invalidateQueries({ queryKey: ['join-requests', companyId] }),
  });
  const teamName = (teamId: string) => teams.data?.items.find((team) => team.id === teamId)?.name ?? 'a team';
  return (
    <section aria-labelledby="join-requests-heading">
      <h1 id="join-requests-heading">Join requests</h1>
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={answer.error} />
      {requests.isPending && <Loading label="Loading join requests…" />}
      <ErrorMessage error={requests.error} />
      {requests.data &&
        (requests.data.items.length === 0 ? (
          <p className="muted">No requests are waiting.</p>
        ) : (
          <ul className="cards wide" aria-label="Join requests">
            {requests.data.items.map((request) => (
              <li key={request.id} className="card">
                <div className="card-head">
                  <strong>{request.name}</strong>
                </div>
                <p>
                  {request.email} · asks to join {teamName(request.teamId)}
                </p>
                <div className="actions">
                  <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ request, verdict: 'approve' })} aria-label={`Approve ${request.name}`}>
                    Approve
                  </button>
                  <button type="button" className="secondary" disabled={answer.isPending} onClick={() => answer.mutate({ request, verdict: 'decline' })} aria-label={`Decline ${request.name}`}>
                    Decline
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** "Companies you can join": by the domain of the person's verified email; nothing when it is not verified. */
export function JoinableCompanies({ me, whenNone = null }: { me: Me; whenNone?: ReactNode }) {
  const client = useQueryClient();
  const joinable = useQuery({ queryKey: ['joinable-companies'], queryFn: Api.joinableCompanies, enabled: me.user.emailVerified });
  const [notice, setNotice] = useState<string | null>(null);
  const join = useMutation({
    mutationFn: (target: JoinableCompany) => Api.joinCompany(target.id),
    onSuccess: async ({ companyId, status }, target) => {
      await client.invalidateQueries({ queryKey: ['joinable-companies'] });
      if (status === 'joined') {
        await client.invalidateQueries({ queryKey: ['me'] });
        navigate(`/companies/${companyId}/members`);
      } else {
        setNotice(`Your request to join ${target.name} was sent. You will be a member once it is approved.`);
      }
    },
  });
  if (!me.user.emailVerified || (joinable.data !== undefined && joinable.data.items.length === 0)) return whenNone;
  if (!joinable.data) return null;
  return (
    <section aria-labelledby="joinable-heading">
      <h2 id="joinable-heading">Companies you can join</h2>
      <p className="muted">These companies let people with an email at {me.user.email.split('@').pop()} join.</p>
      {notice !== null && <p role="status">{notice}</p>}
      <ErrorMessage error={join.error} />
      <ul className="cards wide" aria-label="Companies you can join">
        {joinable.data.items.map((target) => (
          <li key={target.id} className="card">
            <div className="card-head">
              <strong>{target.name}</strong>
              {target.requestPending ? (
                <span className="badge muted">Request sent</span>
              ) : (
                <button type="button" disabled={join.isPending} onClick={() => join.mutate(target)} aria-label={`${target.mode === 'team' ? 'Join' : 'Request to join'} ${target.name}`}>
                  {target.mode === 'team' ? 'Join' : 'Request to join'}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
