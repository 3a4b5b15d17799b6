import * as Checkbox from '@radix-ui/react-checkbox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ERROR_STATUS } from '../../../src/domain/errors.js';
import type { BulkAction } from '../../../src/domain/bulk.js';
import { TEAM_ROLES, type TeamRole } from '../../../src/domain/roles.js';
import { Api, ApiError, type BulkOutcome, type BulkRequest, type Company, type Member, type MemberFilters, type Team, type TeamPolicy } from '../api.js';
import { describeError, ErrorMessage } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { roleLabel, whyNotGrantable } from '../roles.js';
import { CheckboxField, Confirm, FormModal, toggled } from '../ui.js';
import { ContractsToReassign } from './member-details.js';

/**
 * Who a bulk change is for (RULES.md §4 "Bulk changes"): members picked one by one (by id, with
 * their names for the words of the page), or every member the list's filters match, resolved by
 * the server, `total` of them as the count said.
 */
export type BulkTarget = { kind: 'members'; members: ReadonlyMap<string, string> } | { kind: 'matching'; filters: MemberFilters; total: number };

/** The words of bulk changes, in the page's language. */
const said = () => messages().bulk;

const countOf = (target: BulkTarget): number => (target.kind === 'members' ? target.members.size : target.total);
const people = (count: number): string => messages().common.members(count);
/** "Pat Plain" for one person picked, "3 members" otherwise. */
const whom = (target: BulkTarget): string =>
  target.kind === 'members' && target.members.size === 1 ? ([...target.members.values()][0] ?? said().theMember) : people(countOf(target));

/** A checkbox without a visible label of its own (a row's, the header's), 44 px to touch on a phone. */
export function SelectBox({ label, checked, onCheckedChange }: { label: string; checked: boolean | 'indeterminate'; onCheckedChange: (checked: boolean) => void }) {
  return (
    <Checkbox.Root className="checkbox select-box" aria-label={label} checked={checked} onCheckedChange={(value) => onCheckedChange(value === true)}>
      <Checkbox.Indicator className="checkbox-indicator" aria-hidden="true">
        {checked === 'indeterminate' ? '–' : '✓'}
      </Checkbox.Indicator>
    </Checkbox.Root>
  );
}

/** The options of a team choice: each team by name, a hidden one said so. */
export const teamOptions = (teams: readonly Team[]) =>
  teams.map((team) => (
    <option key={team.id} value={team.id}>
      {team.hidden ? said().hiddenTeam(team.name) : team.name}
    </option>
  ));

/** The teams whose members the viewer manages (the teams list's `policies`), with what they may grant there. */
export function managedTeams(teams: readonly Team[], policies: readonly TeamPolicy[]): { team: Team; grantable: TeamRole[] }[] {
  const policyOf = new Map(policies.map((policy) => [policy.teamId, policy]));
  return teams.flatMap((team) => {
    const policy = policyOf.get(team.id);
    return policy?.can['member.manage'] === true ? [{ team, grantable: policy.grantableRoles }] : [];
  });
}

/** A request in progress: the action, for whom, and the member when it is one (their teams and roles shape the choices). */
export interface BulkStart {
  action: BulkAction;
  target: BulkTarget;
  member?: Member;
}

/**
 * The steps of a bulk change, from a choice of action to its report: the team (and roles) where the
 * action needs one, a confirmation where it takes something away, the request, then the report
 * person by person, where a refused contact person's contracts are settled in place. `start` begins
 * one; the returned element holds the dialogs and the report.
 */
export function useBulkChange({
  company,
  teams,
  policies,
  onFinished,
}: {
  company: Company;
  teams: readonly Team[];
  policies: readonly TeamPolicy[];
  /** Called once the change has been made (the selection is cleared). */
  onFinished: () => void;
}) {
  const client = useQueryClient();
  const [step, setStep] = useState<(BulkStart & { phase: 'team' | 'confirm'; teamId?: string; roles?: TeamRole[] }) | null>(null);
  const [report, setReport] = useState<{ request: BulkRequest; start: BulkStart; teamName?: string; items: BulkOutcome[] } | null>(null);
  const managed = managedTeams(teams, policies);
  const teamName = (teamId: string | undefined) => teams.find((team) => team.id === teamId)?.name;
  const words = said();

  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['members', company.id] }),
      client.invalidateQueries({ queryKey: ['member', company.id] }),
      client.invalidateQueries({ queryKey: ['members-count', company.id] }),
      client.invalidateQueries({ queryKey: ['teams', company.id] }),
    ]);

  const change = useMutation({
    mutationFn: (request: BulkRequest) => Api.changeMembersInBulk(company.id, request),
    onSuccess: async ({ items }, request) => {
      if (step !== null) {
        const name = teamName(request.teamId);
        setReport({ request, start: step, items, ...(name === undefined ? {} : { teamName: name }) });
      }
      setStep(null);
      onFinished();
      await refresh();
    },
  });

  const send = (start: BulkStart, teamId?: string, roles?: TeamRole[]) => {
    const selection = start.target.kind === 'members' ? { userIds: [...start.target.members.keys()] } : { filter: start.target.filters };
    change.mutate({ action: start.action, ...selection, ...(teamId === undefined ? {} : { teamId }), ...(roles === undefined ? {} : { roles }) });
  };

  const start = (begin: BulkStart) => {
    change.reset();
    const needsTeam = begin.action === 'add_to_team' || begin.action === 'set_team_roles' || begin.action === 'remove_from_team';
    setStep({ ...begin, phase: needsTeam ? 'team' : 'confirm' });
  };

  // The teams offered: those the viewer manages; for one member, those they are in (or, adding, not in).
  const teamChoices = (begin: BulkStart) =>
    managed.filter(({ team }) => {
      const inTeam = begin.member?.teams.some((held) => held.teamId === team.id);
      if (begin.action === 'add_to_team') return !team.hidden && inTeam !== true;
      return begin.member === undefined || inTeam === true;
    });

  const element = (
    <>
      {step?.phase === 'team' && (
        <TeamRolesDialog
          title={words.stepTitle(words.actions[step.action], whom(step.target))}
          choices={teamChoices(step)}
          withRoles={step.action !== 'remove_from_team'}
          rolesHeld={(teamId) => step.member?.teams.find((team) => team.teamId === teamId)?.roles ?? []}
          submitLabel={step.action === 'remove_from_team' ? words.continue : words.actions[step.action]}
          pending={change.isPending}
          error={change.error}
          onClose={() => setStep(null)}
          onSubmit={(teamId, roles) => {
            if (step.action === 'remove_from_team') setStep({ ...step, phase: 'confirm', teamId });
            else send(step, teamId, roles);
          }}
        />
      )}
      <Confirm
        open={step?.phase === 'confirm'}
        onOpenChange={(open) => {
          if (!open) setStep(null);
        }}
        title={step === null ? '' : confirmTitle(step, company.name, teamName(step.teamId) ?? words.theTeam)}
        consequences={step === null ? null : <Consequences step={step} companyName={company.name} teamName={teamName(step.teamId) ?? words.theTeam} />}
        confirmLabel={step === null ? '' : words.actions[step.action]}
        busy={change.isPending}
        error={<ErrorMessage error={change.error} />}
        onConfirm={() => {
          if (step !== null) send(step, step.teamId);
        }}
      />
      {report !== null && <BulkReport company={company} report={report} onClose={() => setReport(null)} />}
    </>
  );
  return { start, element, managed };
}

function confirmTitle(step: BulkStart, companyName: string, teamName: string): string {
  const who = whom(step.target);
  if (step.action === 'remove_from_team') return said().removeFromTeamTitle(who, teamName);
  if (step.action === 'suspend') return said().suspendTitle(who);
  return said().removeFromCompanyTitle(who, companyName);
}

/** What a removal or a suspension will do, said before it is done. */
function Consequences({ step, companyName, teamName }: { step: BulkStart; companyName: string; teamName: string }) {
  const words = said();
  const alone = step.target.kind === 'members' && step.target.members.size === 1;
  const count = countOf(step.target);
  return (
    <>
      {step.action === 'remove_from_team' && (
        <p>{alone ? words.oneLosesTeamRoles(teamName, companyName) : words.eachLosesTeamRoles(teamName, companyName)}</p>
      )}
      {step.action === 'remove_from_company' && (
        <>
          <p>{alone ? words.oneLosesAccess(companyName) : words.manyLoseAccess(count, companyName)}</p>
          <p>{alone ? words.oneInvitationsRevoked : words.eachInvitationsRevoked}</p>
        </>
      )}
      {step.action === 'suspend' && <p>{alone ? words.oneSuspended(companyName) : words.manySuspended(count, companyName)}</p>}
      {!alone && <p>{words.skipped}</p>}
    </>
  );
}

/**
 * The team of a bulk change, and for adding or setting roles the roles there: those the viewer may
 * grant are enabled, the others say why not.
 */
export function TeamRolesDialog({
  title,
  choices,
  withRoles,
  rolesHeld = () => [],
  submitLabel,
  pending,
  error,
  onClose,
  onSubmit,
}: {
  title: string;
  choices: readonly { team: Team; grantable: TeamRole[] }[];
  withRoles: boolean;
  /** The roles already held in a team, to start from (one member's). */
  rolesHeld?: (teamId: string) => readonly TeamRole[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (teamId: string, roles: TeamRole[]) => void;
}) {
  const selectId = useId();
  const [teamId, setTeamId] = useState(choices.length === 1 ? (choices[0]?.team.id ?? '') : '');
  const [roles, setRoles] = useState<Set<TeamRole>>(new Set(rolesHeld(teamId)));
  const chosen = choices.find((choice) => choice.team.id === teamId);
  const words = said();
  return (
    <FormModal
      onClose={onClose}
      title={title}
      onSubmit={() => {
        if (chosen !== undefined) onSubmit(chosen.team.id, TEAM_ROLES.filter((role) => roles.has(role)));
      }}
      submitLabel={submitLabel}
      pendingLabel={words.working}
      pending={pending}
      canSubmit={chosen !== undefined}
    >
      {choices.length === 0 ? (
        <p role="status">{words.noTeam}</p>
      ) : (
        <div className="field">
          <label htmlFor={selectId}>{words.team}</label>
          <select
            id={selectId}
            value={teamId}
            required
            onChange={(event) => {
              setTeamId(event.target.value);
              setRoles(new Set(rolesHeld(event.target.value)));
            }}
          >
            <option value="">{words.chooseTeam}</option>
            {teamOptions(choices.map(({ team }) => team))}
          </select>
        </div>
      )}
      {withRoles && chosen !== undefined && (
        <TeamRolesFieldset teamName={chosen.team.name} grantable={chosen.grantable} roles={roles} onChange={setRoles}>
          <p className="hint">{words.noRoleMeansPlain}</p>
        </TeamRolesFieldset>
      )}
      <ErrorMessage error={error} />
    </FormModal>
  );
}

/** The roles of a member in one team, to set: those the viewer may grant are enabled, the others say why not. */
export function TeamRolesFieldset({
  teamName,
  grantable,
  roles,
  onChange,
  children,
}: {
  teamName: string;
  grantable: readonly TeamRole[];
  roles: ReadonlySet<TeamRole>;
  onChange: (roles: Set<TeamRole>) => void;
  children?: ReactNode;
}) {
  return (
    <fieldset>
      <legend>{said().rolesIn(teamName)}</legend>
      {children}
      {TEAM_ROLES.map((role) => {
        const allowed = grantable.includes(role);
        return (
          <CheckboxField
            key={role}
            label={roleLabel(role)}
            checked={roles.has(role)}
            disabled={!allowed}
            {...(allowed ? {} : { hint: whyNotGrantable(role) })}
            onCheckedChange={(on) => onChange(toggled(roles, role, on))}
          />
        );
      })}
    </fieldset>
  );
}

/** A refusal's code in words, as the page words every refusal. */
const refusalWords = (outcome: BulkOutcome): string =>
  outcome.code === undefined
    ? said().refused
    : // A contact person's contracts are listed below: the detail that counts them would say it twice.
      describeError(new ApiError(ERROR_STATUS[outcome.code], { code: outcome.code, detail: outcome.contracts === undefined ? (outcome.detail ?? '') : '' }, null));

/**
 * The report of a bulk change, person by person: how many were changed, and each refused one with
 * the reason; a contact person's contracts offer Reassign contact person and End contract in place
 * (as a member's page does for a blocked removal), then the change is tried again for them alone.
 */
function BulkReport({
  company,
  report,
  onClose,
}: {
  company: Company;
  report: { request: BulkRequest; start: BulkStart; teamName?: string; items: BulkOutcome[] };
  onClose: () => void;
}) {
  const client = useQueryClient();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [items, setItems] = useState(report.items);
  useEffect(() => {
    setItems(report.items);
    heading.current?.focus();
  }, [report]);
  const retry = useMutation({
    mutationFn: (userId: string) => {
      const { filter: _filter, userIds: _userIds, ...rest } = report.request as BulkRequest & { filter?: unknown; userIds?: unknown };
      return Api.changeMembersInBulk(company.id, { ...rest, userIds: [userId] });
    },
    onSuccess: async ({ items: [outcome] }) => {
      if (outcome !== undefined) setItems((current) => current.map((item) => (item.userId === outcome.userId ? { ...outcome, name: item.name } : item)));
      await Promise.all([
        client.invalidateQueries({ queryKey: ['members', company.id] }),
        client.invalidateQueries({ queryKey: ['members-count', company.id] }),
      ]);
    },
  });
  const done = items.filter((item) => item.result === 'done');
  const changed = done.filter((item) => item.changed !== false).length;
  const refused = items.filter((item) => item.result === 'refused');
  const words = said();
  const { action } = report.start;
  return (
    <section className="bulk-report" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {words.reportHeading(words.actions[action], report.teamName ?? null, words.outcomes[action](changed, items.length))}
      </h2>
      {done.length > changed && <p>{words.alreadySo(done.length - changed)}</p>}
      {refused.length === 0 ? (
        <p role="status">{words.nobodyRefused}</p>
      ) : (
        <>
          <p role="status">{words.refusedCount(refused.length)}</p>
          <ul className="plain">
            {refused.map((item) => (
              <li key={item.userId} className="card">
                <p>
                  <strong>{item.name ?? words.noLongerMember}</strong>: {refusalWords(item)}
                </p>
                {item.code === 'CONTACT_PERSON_ON_ACTIVE_CONTRACT' && item.contracts !== undefined && item.name !== null && (
                  <ContractsToReassign
                    company={company}
                    member={{ userId: item.userId, name: item.name }}
                    contracts={item.contracts}
                    heading={words.contractsKeeping(item.name)}
                    headingLevel={3}
                    intro={words.retryIntro}
                  >
                    <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(item.userId)}>
                      {retry.isPending && retry.variables === item.userId ? words.trying : words.tryAgainFor(item.name)}
                    </button>
                  </ContractsToReassign>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorMessage error={retry.error} />
      <button type="button" className="secondary" onClick={onClose}>
        {words.closeReport}
      </button>
    </section>
  );
}
