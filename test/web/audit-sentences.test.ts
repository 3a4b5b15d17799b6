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
});
