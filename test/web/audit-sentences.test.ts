import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES } from '../../src/domain/events.js';
import { auditSentence, SENTENCE_TYPES, type AuditEventView } from '../../web/src/audit-sentences.js';

const event = (type: string, data: Record<string, unknown> = {}, names: Partial<AuditEventView['names']> = {}): AuditEventView => ({
  id: 'e1',
  type,
  actorId: 'u1',
  companyId: 'c1',
  targetId: 'u2',
  teamId: 't1',
  data,
  createdAt: '2026-01-05T10:00:00.000Z',
  names: { actor: 'Alice', target: 'Bob', team: 'Design', ...names },
});

describe('the audit log as sentences', () => {
  it('has a sentence for every event type the server writes, and for no other', () => {
    expect([...SENTENCE_TYPES].sort()).toEqual([...AUDIT_EVENT_TYPES].sort());
  });

  it.each(AUDIT_EVENT_TYPES)('says %s as a sentence, with or without its data and names', (type) => {
    for (const sentence of [auditSentence(event(type)), auditSentence(event(type, {}, { actor: null, target: null, team: null }))]) {
      expect(sentence).toMatch(/^[A-Z].*\.$/u);
      expect(sentence).not.toMatch(/undefined|null|\[object|\s{2}|\s\./u);
    }
  });

  it.each(AUDIT_EVENT_TYPES)('says %s in German too, with or without its data and names, in other words than English', (type) => {
    for (const [data, names] of [
      [{}, {}],
      [{}, { actor: null, target: null, team: null }],
      [{ before: { name: 'Alpha', rule: 'none' }, after: { name: 'Beta', rule: 'everyone', mode: 'team' }, domain: 'acme.test', format: 'jsonl' }, {}],
    ] as const) {
      const german = auditSentence(event(type, data, names), 'de');
      expect(german).toMatch(/^\p{Lu}.*\.$/u);
      expect(german).not.toMatch(/undefined|null|\[object|\s{2}|\s\.|\s,/u);
      expect(german).not.toBe(auditSentence(event(type, data, names), 'en'));
    }
  });

  it('names the people and teams', () => {
    expect(auditSentence(event('member.removed_from_team'))).toBe('Alice removed Bob from Design.');
    expect(auditSentence(event('member.added_to_team', { before: null, after: ['hiring_manager', 'recruiter'] }))).toBe(
      'Alice added Bob to Design with Hiring manager and Recruiter.',
    );
    expect(auditSentence(event('ownership.transferred'))).toBe('Alice made Bob the owner of the company.');
    expect(auditSentence(event('invitation.created', { invitations: [{ id: 'i1', email: 'x@acme.test' }, { id: 'i2', email: 'y@acme.test' }] }))).toBe(
      'Alice invited x@acme.test and y@acme.test to Design.',
    );
    expect(auditSentence(event('team.renamed', { before: { name: 'Alpha' }, after: { name: 'Alpha squad' } }))).toBe(
      'Alice renamed the team Alpha to Alpha squad.',
    );
    // A type newer than the page: still a line, by its name.
    expect(auditSentence(event('team.exploded'))).toBe('Alice: Team exploded.');
  });

  it('names them in German, its lists joined the German way', () => {
    expect(auditSentence(event('member.removed_from_team'), 'de')).toBe('Alice hat Bob aus Design entfernt.');
    expect(auditSentence(event('ownership.transferred'), 'de')).toBe('Alice hat Bob zum Kontoinhaber der Firma gemacht.');
    const four = ['w', 'x', 'y', 'z'].map((name, at) => ({ id: `i${at}`, email: `${name}@acme.test` }));
    expect(auditSentence(event('invitation.created', { invitations: four.slice(0, 3) }), 'de')).toBe(
      'Alice hat w@acme.test, x@acme.test und y@acme.test in Design eingeladen.',
    );
    expect(auditSentence(event('invitation.revoked', { invitations: four }), 'de')).toBe(
      'Alice hat die Einladung an w@acme.test, x@acme.test, y@acme.test und 1 weitere zurückgezogen.',
    );
    expect(auditSentence(event('member.added_to_team', { before: null, after: [] }), 'de')).toBe('Alice hat Bob ohne Rolle zu Design hinzugefügt.');
    expect(auditSentence(event('member.removed_from_team', {}, { actor: null, target: null, team: null }), 'de')).toBe(
      'Jemand hat eine nicht mehr bekannte Person aus einem Team entfernt.',
    );
    expect(auditSentence(event('team.exploded'), 'de')).toBe('Alice: Ereignis „team.exploded“.');
  });
});
