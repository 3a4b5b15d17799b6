import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { makeCompany, signedIn } from '../support/factories.js';
import { expectProblem, expectRefused } from '../support/refusals.js';
import { rawExchange } from '../support/raw-http.js';

// Bad input that used to reach the database (issue 15, items 8–10 and 12). Rate limits off: the
// sign-ups below are many, and the limits have tests of their own.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMITS: 'off' });
});
afterAll(() => server.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Headers = Record<string, string>;

const send = (method: Method, url: string, headers: Headers = {}, payload?: unknown) =>
  server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });



let emailCounter = 0;
const freshEmail = () => `input-${(emailCounter++).toString(36)}-${Date.now().toString(36)}@example.com`;
const signUp = (body: Record<string, unknown>) =>
  send('POST', '/api/v1/auth/signup', {}, { email: freshEmail(), name: 'Ada Lovelace', password: 'a long password', ...body });

/** A cursor as the server makes them (base64url JSON), with these keys. */
const cursorOf = (...key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

async function companyWithOwner() {
  const acme = await makeCompany(server);
  return { ...acme, headers: await signedIn(server.db, acme.owner) };
}

describe('control characters (U+0000–U+001F, U+007F)', () => {
  it('are refused with 400 in every part of a request that reaches a query: ids, search, filters, cursors, names, sign-up', async () => {
    const acme = await companyWithOwner();
    const base = `/api/v1/companies/${acme.company.id}`;
    const h = acme.headers;
    await expectRefused(server.db, [
        () => send('GET', `${base}/members?q=ab%00c`, h),
        () => send('GET', `${base}/members?q=%1B%5B31m`, h),
        () => send('GET', `${base}/members?teamId=a%00b`, h),
        () => send('GET', `${base}/members?cursor=a%00b`, h),
        () => send('GET', `${base}/contracts?contactPersonId=%7F`, h),
        () => send('GET', `${base}/invitations?cursor=%00`, h),
        // A well-formed cursor whose key holds NUL: past the check on the cursor's text.
        () => send('GET', `${base}/members?cursor=${cursorOf('a\u0000', 'b\u0000')}`, h),
        () => send('GET', `${base}/members?q=ab&cursor=${cursorOf('a\u0000', 'b\u0000')}`, h),
        () => send('GET', `${base}/audit-events?cursor=${cursorOf('\u0000')}`, h),
        () => send('GET', `${base}/invitations?cursor=${cursorOf('\u0000', '\u0000')}`, h),
        () => send('GET', `${base}/contracts?cursor=${cursorOf('\u0000', '\u0000')}`, h),
        () => send('GET', `/api/v1/companies/ab%00c`, h),
        () => send('GET', `${base}/members/x%00y`, h),
        () => send('PATCH', `${base}/teams/${acme.defaultTeamId}%00`, h, { hidden: false }),
        () => send('POST', `${base}/teams`, h, { name: 'Ops\u0000' }),
        () => send('POST', `${base}/teams`, h, { name: 'Ops\nFake' }),
        () => send('POST', '/api/v1/companies', h, { name: 'Acme\u0007' }),
        () => send('POST', `${base}/invitations/resend`, h, { ids: ['a\u0000'] }),
        () => send('POST', `${base}/invitations`, h, { emails: ['x@example.com'], teams: [{ teamId: acme.defaultTeamId, roles: [] }], message: 'hi\u0000' }),
        () => send('POST', `${base}/invitations`, h, { emails: ['x@example.com'], teams: [{ teamId: acme.defaultTeamId, roles: [] }], message: 'hi\u001b[2J' }),
        () => send('GET', '/api/v1/invitations/tok%00en'),
        () => send('POST', '/api/v1/auth/login', {}, { email: 'a@example.com', password: 'pass\u0000word' }),
        () => signUp({ name: 'Ada\u0000' }),
        () => signUp({ password: 'a long\u0000password' }),
        () => signUp({ email: 'nul\u0000@example.com' }),
        () => signUp({ invitationToken: 'x\u0000' }),
        // An object key is a string too.
        () => send('POST', `${base}/teams`, h, { name: 'Ops', 'x\u0000': 1 }),
      ], 400, 'VALIDATION_FAILED');
  });

  it('says which field holds one', async () => {
    const acme = await companyWithOwner();
    const res = await send('GET', `/api/v1/companies/${acme.company.id}/members?q=ab%00c`, acme.headers);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['querystring.q']);
  });

  it('are found fast in a deeply nested body, and the answer stays small', async () => {
    const acme = await companyWithOwner();
    const payload = `{"name":${'['.repeat(100_000)}"\u0000"${']'.repeat(100_000)}}`;
    const started = Date.now();
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/companies/${acme.company.id}/teams`, headers: { ...acme.headers, 'content-type': 'application/json' }, payload });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.length).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leave a personal message its line breaks and tabs', async () => {
    const acme = await companyWithOwner();
    const res = await send('POST', `/api/v1/companies/${acme.company.id}/invitations`, acme.headers, {
      emails: [freshEmail()],
      teams: [{ teamId: acme.defaultTeamId, roles: [] }],
      message: 'Hello,\r\n\tsee you Monday.\nAda',
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('errors of the URL and of the HTTP parser', () => {
  it('answers a malformed %-escape with 400 problem+json, with the request id', async () => {
    const acme = await companyWithOwner();
    for (const url of ['/api/v1/companies/%', `/api/v1/companies/${acme.company.id}/members/%C0%AF`, '/api/v1/companies/%E0%A4%A']) {
      const res = await send('GET', url, { ...acme.headers, 'x-request-id': 'bad-url-1' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.headers['x-request-id']).toBe('bad-url-1');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers a path segment over 1,000 characters with 414 URI_TOO_LONG, and one of 101 to 1,000 with 400', async () => {
    const acme = await companyWithOwner();
    const long = 'x'.repeat(1001);
    await expectRefused(server.db, [
        () => send('GET', `/api/v1/companies/${long}`, acme.headers),
        () => send('GET', `/api/v1/companies/${acme.company.id}/members/${long}`, acme.headers),
        () => send('DELETE', `/api/v1/companies/${acme.company.id}/members/${long}`, acme.headers),
        () => send('GET', `/api/v1/invitations/${long}`),
      ], 414, 'URI_TOO_LONG');
    await expectRefused(server.db, [() => send('GET', `/api/v1/companies/${'x'.repeat(1000)}`, acme.headers)], 400, 'VALIDATION_FAILED');
  });

  describe('on a listening server', () => {
    let port = 0;
    beforeAll(async () => {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const address = server.app.server.address();
      port = typeof address === 'object' && address ? address.port : 0;
    });

    const raw = (request: string) => rawExchange(port, request);

    it('answers a URL over the header limit with 431 HEADERS_TOO_LARGE as problem+json', async () => {
      const res = await raw(`GET /api/v1/companies/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: roster.test\r\n\r\n`);
      expect(res.status).toBe(431);
      expect(res.head).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    });

    it('answers headers over the limit with 431 and a request that is not HTTP with 400, both problem+json', async () => {
      const big = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: roster.test\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expect(JSON.parse(big.body)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
      const garbage = await raw('GET / HTTP/1.1\r\nHost roster.test\r\n\r\n');
      expect(garbage.status).toBe(400);
      expect(garbage.head).toContain('content-type: application/problem+json');
      expect(JSON.parse(garbage.body)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      const nul = await raw('GET /api/v1/health HTTP/1.1\r\nHost: roster.test\r\nX-A: a\u0000b\r\n\r\n');
      expect(nul.status).toBe(400);
      expect(JSON.parse(nul.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('answers a malformed %-escape on the wire with 400 problem+json', async () => {
      const res = await raw('GET /api/v1/companies/% HTTP/1.1\r\nHost: roster.test\r\nConnection: close\r\n\r\n');
      expect(res.status).toBe(400);
      expect(res.head).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
});

describe('names', () => {
  it('refuse characters that do not show: zero-width, bidi controls, other format characters', async () => {
    const acme = await companyWithOwner();
    const base = `/api/v1/companies/${acme.company.id}`;
    await expectRefused(server.db, [
        () => send('POST', `${base}/teams`, acme.headers, { name: 'General\u200b' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: '\u2066Ops\u2069' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: 'Ops\u00ad' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: '\ufeffOps' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: 'Ops\u2028' }),
        () => send('PATCH', `${base}/teams/${acme.defaultTeamId}`, acme.headers, { name: 'General\u200d' }),
        () => send('POST', '/api/v1/companies', acme.headers, { name: 'Acme\u202e' }),
        () => send('POST', `${base}/contracts`, acme.headers, { teamId: acme.defaultTeamId, title: 'Design', freelancerName: 'Grace\u200b' }),
        () => signUp({ name: 'Ada\u200bLovelace' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: ' \u00a0\u3000 ' }),
      ], 400, 'VALIDATION_FAILED');
  });

  it('are stored normalised (NFC, trimmed, inner white space one space), and compared so for uniqueness', async () => {
    const acme = await companyWithOwner();
    const base = `/api/v1/companies/${acme.company.id}`;
    const created = await send('POST', `${base}/teams`, acme.headers, { name: '  Gen \u00a0 eral\u2003Ops  ' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ team: { name: string } }>().team.name).toBe('Gen eral Ops');
    const cafe = await send('POST', `${base}/teams`, acme.headers, { name: 'Cafe\u0301' });
    expect(cafe.json<{ team: { name: string } }>().team.name).toBe('Caf\u00e9');
    await expectRefused(server.db, [
        () => send('POST', `${base}/teams`, acme.headers, { name: '  General  ' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: 'general' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: 'Gen  eral   ops' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: 'Caf\u00e9' }),
        () => send('POST', `${base}/teams`, acme.headers, { name: '\u3000CAFE\u0301 ' }),
      ], 409, 'TEAM_NAME_TAKEN');
    const teamId = created.json<{ team: { id: string } }>().team.id;
    await expectRefused(server.db, [() => send('PATCH', `${base}/teams/${teamId}`, acme.headers, { name: ' General\u00a0' })], 409, 'TEAM_NAME_TAKEN');

    const company = await send('POST', '/api/v1/companies', acme.headers, { name: '  Acme \u3000 Hiring ' });
    expect(company.statusCode, company.body).toBe(201);
    expect(company.json<{ company: { name: string } }>().company.name).toBe('Acme Hiring');
    const user = await signUp({ name: '  Ada   Lovelace ' });
    expect(user.statusCode, user.body).toBe(201);
    expect(user.json<{ user: { name: string } }>().user.name).toBe('Ada Lovelace');
    const contract = await send('POST', `${base}/contracts`, acme.headers, { teamId: acme.defaultTeamId, title: 'Design', freelancerName: ' Grace  Hopper ' });
    expect(contract.statusCode, contract.body).toBe(201);
    expect(contract.json<{ contract: { freelancerName: string } }>().contract.freelancerName).toBe('Grace Hopper');
  });
});

describe('passwords', () => {
  it('refuse fewer than 8 characters, only white space, more than 256, and the 1,000 most common, whatever their case or width', async () => {
    await expectRefused(server.db, [
        () => signUp({ password: ' '.repeat(10) }),
        () => signUp({ password: '\u00a0\u3000'.repeat(5) }),
        () => signUp({ password: 'seven77' }),
        () => signUp({ password: '😀😀😀😀' }), // 8 UTF-16 units, 4 characters
        () => signUp({ password: 'x'.repeat(257) }),
        () => signUp({ password: 'password1' }),
        () => signUp({ password: 'PASSWORD1' }),
        () => signUp({ password: 'Baseball' }),
        () => signUp({ password: '\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\uff11' }), // fullwidth "password1"
        () => signUp({ password: 'qwertyuiop' }),
      ], 400, 'VALIDATION_FAILED');
    const res = await signUp({ password: 'password1' });
    expect(res.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([
      { path: 'body.password', message: 'is one of the most common passwords; choose another' },
    ]);
  });

  it('take 8 characters, spaces among others, and 256', async () => {
    for (const password of ['kq7#vz2m', '  a b c  d ', 'y'.repeat(256), 'Tr0ub4dour&3 horse']) {
      const res = await signUp({ password });
      expect(res.statusCode, res.body).toBe(201);
    }
  });

  it('are tried at sign-in up to 1,000 characters, so that a long wrong one is 401, not 400', async () => {
    const email = freshEmail();
    expect((await signUp({ email })).statusCode).toBe(201);
    const long = await send('POST', '/api/v1/auth/login', {}, { email, password: 'x'.repeat(1000) });
    expectProblem(long, 401, 'UNAUTHENTICATED');
    const tooLong = await send('POST', '/api/v1/auth/login', {}, { email, password: 'x'.repeat(1001) });
    expectProblem(tooLong, 400, 'VALIDATION_FAILED');
  });
});
