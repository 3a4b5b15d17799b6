import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workAfterAnswers } from '../../src/http/after-answer.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, makeUser, signedIn } from '../support/factories.js';
import { expectRefused } from '../support/refusals.js';

// The account's language (API.md "Mail"): stored, answered, and the language of the mails.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Headers = Record<string, string>;
let addressCounter = 1;
const send = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers = {}, payload?: object) =>
  server.app.inject({ method, url, headers, remoteAddress: `198.51.100.${addressCounter++}`, ...(payload === undefined ? {} : { payload }) });
const languageOf = async (userId: string) =>
  (await server.db.kysely.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirstOrThrow()).language;
let emailCounter = 1;
const freshEmail = (name: string) => `${name}-${Date.now().toString(36)}-${emailCounter++}@example.com`;

describe("the account's language", () => {
  it('is null until chosen, then stored and answered by GET /me; the name stays as it was', async () => {
    const user = await makeUser(server.db, { name: 'Ada' });
    const session = await signedIn(server.db, user);
    expect((await send('GET', '/api/v1/me', session)).json().user.language).toBeNull();

    const res = await send('PATCH', '/api/v1/me', session, { language: 'de' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ name: 'Ada', language: 'de' });
    expect((await send('GET', '/api/v1/me', session)).json().user).toMatchObject({ name: 'Ada', language: 'de' });
    expect(await languageOf(user.id)).toBe('de');

    const both = await send('PATCH', '/api/v1/me', session, { name: 'Ada L', language: 'en' });
    expect(both.json().user).toMatchObject({ name: 'Ada L', language: 'en' });
  });

  it('refuses a language Roster does not speak, or a body with neither name nor language: nothing changes', async () => {
    const user = await makeUser(server.db, { language: 'de' });
    const session = await signedIn(server.db, user);
    for (const body of [{ language: 'fr' }, { language: 'de-AT' }, { language: null }, { language: 'DE' }, {}]) {
      await expectRefused(server.db, () => send('PATCH', '/api/v1/me', session, body), 400, 'VALIDATION_FAILED');
    }
    expect(await languageOf(user.id)).toBe('de');
  });

  it("is taken at sign-up from the request's Accept-Language, unless the body names one", async () => {
    const signUp = (headers: Headers, body: object = {}) =>
      send('POST', '/api/v1/auth/signup', headers, { email: freshEmail('new'), name: 'Neu', password: 'a long enough passphrase', ...body });
    const german = await signUp({ 'accept-language': 'de-AT,de;q=0.9,en;q=0.8' });
    expect(german.statusCode, german.body).toBe(201);
    expect(german.json().user.language).toBe('de');
    await server.deliverMail();
    const [verification] = server.mailTo(german.json().user.email as string);
    expect(verification?.headers.get('subject')).toBe('Bestätigen Sie Ihre E-Mail-Adresse für Roster');

    expect((await signUp({ 'accept-language': 'de' }, { language: 'en' })).json().user.language).toBe('en');
    expect((await signUp({ 'accept-language': 'fr-FR' })).json().user.language).toBe('en');
    expect((await signUp({})).json().user.language).toBeNull();
    await expectRefused(server.db, () => signUp({}, { language: 'fr' }), 400, 'VALIDATION_FAILED');
  });
});

describe('the language of the mails', () => {
  it("is the account's own for a password reset, whatever the request's", async () => {
    const user = await makeUser(server.db, { name: 'Ada', language: 'de' });
    expect((await send('POST', '/api/v1/auth/forgot-password', { 'accept-language': 'en' }, { email: user.email })).statusCode).toBe(202);
    await workAfterAnswers(server.services);
    await server.deliverMail();
    const [reset] = server.mailTo(user.email);
    expect(reset?.headers.get('subject')).toBe('Setzen Sie Ihr Roster-Passwort zurück');
    expect(reset?.text.split('\n')[0]).toBe('Hallo Ada,');
    expect(reset?.text).toContain('Der Link gilt einmalig für 60 Minuten.');
  });

  it("is the request's for an account that chose none", async () => {
    const user = await makeUser(server.db);
    await send('POST', '/api/v1/auth/forgot-password', { 'accept-language': 'de-CH' }, { email: user.email });
    const other = await makeUser(server.db);
    await send('POST', '/api/v1/auth/forgot-password', {}, { email: other.email });
    await workAfterAnswers(server.services);
    await server.deliverMail();
    expect(server.mailTo(user.email)[0]?.headers.get('subject')).toBe('Setzen Sie Ihr Roster-Passwort zurück');
    expect(server.mailTo(other.email)[0]?.headers.get('subject')).toBe('Reset your Roster password');
  });

  it("is the inviter's for an address without an account, and the account's own for one that chose", async () => {
    const acme = await makeCompany(server, 'Acme');
    await server.db.kysely.updateTable('users').set({ language: 'de' }).where('id', '=', acme.owner.id).execute();
    const stranger = freshEmail('neu');
    const english = await makeUser(server.db, { language: 'en' });
    const res = await send('POST', `/api/v1/companies/${acme.company.id}/invitations`, await signedIn(server.db, acme.owner), {
      emails: [stranger, english.email],
      teams: [{ teamId: acme.defaultTeamId, roles: ['hiring_manager', 'recruiter'] }],
      message: 'Willkommen!',
    });
    expect(res.statusCode, res.body).toBe(201);
    await server.deliverMail();
    const [german] = server.mailTo(stranger);
    expect(german?.headers.get('subject')).toBe('Olivia Owner hat Sie eingeladen, Acme auf Roster beizutreten');
    expect(german?.text).toContain('Sie werden Mitglied dieses Teams:\n- General (Hiring Manager, Recruiter)\n');
    expect(german?.text).toContain('Olivia Owner schreibt:\n> Willkommen!\n');
    expect(german?.text).toContain('Diese Einladung läuft am 12. Januar 2026 um 10:00 UTC ab.');
    expect(server.mailTo(english.email)[0]?.headers.get('subject')).toBe('Olivia Owner invited you to join Acme on Roster');
  });

  it("is the inviter's request's when the inviter chose none", async () => {
    const acme = await makeCompany(server, 'Beta');
    const stranger = freshEmail('fremd');
    const session = { ...(await signedIn(server.db, acme.owner)), 'accept-language': 'de' };
    const res = await send('POST', `/api/v1/companies/${acme.company.id}/invitations`, session, {
      emails: [stranger],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }],
    });
    expect(res.statusCode, res.body).toBe(201);
    await server.deliverMail();
    expect(server.mailTo(stranger)[0]?.text).toContain('- General (Mitglied)\n');
  });
});
