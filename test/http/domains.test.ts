import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/auth/secrets.js';
import { loadConfig } from '../../src/config.js';
import { isUniqueViolation } from '../../src/db/database.js';
import { normalizeDomain } from '../../src/domain/domains.js';
import { startTestServer, type TestServer } from '../support/app.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { makeCompany, snapshot } from '../support/factories.js';
import { api, call, expectRefused, request } from '../support/refusals.js';

let dns: TestDnsServer;
let server: TestServer;
beforeAll(async () => {
  dns = await startDnsServer();
  server = await startTestServer({ DNS_SERVERS: dns.address });
});
afterAll(async () => {
  await server.close();
  await dns.close();
});

type Tenant = Awaited<ReturnType<typeof makeCompany>>;
interface DomainBody {
  id: string;
  domain: string;
  status: string;
  record: { type: string; name: string; value: string };
  verifiedAt: string | null;
}

let counter = 0;
/** A domain no other test uses. */
const freshDomain = () => `d${Date.now().toString(36)}${(counter++).toString(36)}.test`;
const domainsUrl = (tenant: Tenant) => api(`/companies/${tenant.company.id}/domains`);

async function add(tenant: Tenant, domain: string): Promise<DomainBody> {
  const res = await call(server, 'POST', domainsUrl(tenant), tenant.owner, { domain });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ domain: DomainBody }>().domain;
}

/** Publishes the domain's record on the test DNS server. */
const publish = (added: DomainBody) => dns.set(added.record.name, { txt: ['v=spf1 -all', added.record.value] });

const check = (tenant: Tenant, added: DomainBody, as = tenant.owner) =>
  call(server, 'POST', `${domainsUrl(tenant)}/${added.id}/check`, as);

async function auditTypes(companyId: string) {
  const rows = await server.db.kysely.selectFrom('auditEvents').select(['type', 'data']).where('companyId', '=', companyId).orderBy('seq').execute();
  return rows.map((row) => ({ type: row.type, data: JSON.parse(row.data) as unknown }));
}

describe('domain names', () => {
  it('are stored lowercase, in IDNA form, without a trailing dot', () => {
    expect(normalizeDomain(' ACME.Test. ')).toBe('acme.test');
    expect(normalizeDomain('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeDomain('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });

  it('refuse what is not a domain: one label, an address, a URL, an email, bad labels', () => {
    for (const bad of ['com', 'localhost', '1.2.3.4', 'http://acme.test', 'acme.test/x', 'a@acme.test', 'acme.test:80', 'a..test', '-a.test', 'a-.test', `${'a'.repeat(64)}.test`, 'exa mple.test', '']) {
      expect(() => normalizeDomain(bad), bad).toThrow(/not a domain name/);
    }
  });
});

describe('DNS_SERVERS', () => {
  const dnsOf = (value: string) => loadConfig({ DNS_SERVERS: value, DATABASE_URL: 'sqlite::memory:', SECRET_KEY: 'a'.repeat(64) }).dnsServers;
  it('takes addresses with optional ports; unset means the system resolvers', () => {
    expect(dnsOf('')).toBeUndefined();
    expect(dnsOf('10.0.0.2, 127.0.0.1:5353,[::1]:53,fd00::53')).toEqual(['10.0.0.2', '127.0.0.1:5353', '[::1]:53', 'fd00::53']);
  });
  it('refuses host names and bad ports with a clear message', () => {
    expect(() => dnsOf('dns.example.com')).toThrow(/DNS_SERVERS must be .*"dns.example.com"/);
    expect(() => dnsOf('127.0.0.1:99999')).toThrow(/DNS_SERVERS/);
    expect(() => dnsOf('[10.0.0.1]:53')).toThrow(/DNS_SERVERS/);
    expect(() => dnsOf('127.0.0.1:53:1')).toThrow(/DNS_SERVERS/);
  });
});

describe('adding a domain', () => {
  it('answers it pending, with a TXT record at _roster-challenge.<domain> holding 256 random bits; audited', async () => {
    const acme = await makeCompany(server);
    const added = await add(acme, 'Bücher-Acme.TEST.');
    expect(added).toMatchObject({ domain: 'xn--bcher-acme-9db.test', status: 'pending', verifiedAt: null });
    expect(added.record.type).toBe('TXT');
    expect(added.record.name).toBe('_roster-challenge.xn--bcher-acme-9db.test');
    expect(added.record.value).toMatch(/^roster-verification=[A-Za-z0-9_-]{43}$/);
    expect((await auditTypes(acme.company.id)).slice(-1)).toEqual([{ type: 'domain.added', data: { domain: 'xn--bcher-acme-9db.test' } }]);
    const list = await call(server, 'GET', domainsUrl(acme), acme.owner);
    expect(list.json()).toEqual({ items: [expect.objectContaining({ id: added.id, status: 'pending' })], joining: { mode: 'off', teamId: null } });
  });

  it('is for the owner and admins: a team admin or plain member is FORBIDDEN, an outsider NOT_FOUND, and nothing changes', async () => {
    const acme = await makeCompany(server);
    const admin = await acme.member({ companyRoles: ['admin'] });
    const teamAdmin = await acme.member({ teams: { [acme.defaultTeamId]: ['team_admin'] } });
    const other = await makeCompany(server, 'Other');
    const res = await call(server, 'POST', domainsUrl(acme), admin, { domain: freshDomain() });
    expect(res.statusCode).toBe(201);
    await expectRefused(server.db, await request(server, 'POST', domainsUrl(acme), teamAdmin, { domain: freshDomain() }), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'GET', domainsUrl(acme), teamAdmin), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'POST', domainsUrl(acme), other.owner, { domain: freshDomain() }), 404, 'NOT_FOUND');
  });

  it('refuses an invalid name (VALIDATION_FAILED) and one the company has already (CONFLICT), changing nothing', async () => {
    const acme = await makeCompany(server);
    const domain = freshDomain();
    await add(acme, domain);
    await expectRefused(server.db, await request(server, 'POST', domainsUrl(acme), acme.owner, { domain: 'com' }), 400, 'VALIDATION_FAILED');
    await expectRefused(server.db, await request(server, 'POST', domainsUrl(acme), acme.owner, { domain: domain.toUpperCase() }), 409, 'CONFLICT');
  });
});

describe('checking a domain', () => {
  it('verifies it when the TXT record is published; checking again changes nothing; audited once', async () => {
    const acme = await makeCompany(server);
    const added = await add(acme, freshDomain());
    publish(added);
    const res = await check(acme, added);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().domain).toMatchObject({ id: added.id, status: 'verified', verifiedAt: server.clock.now.toISOString() });
    expect(dns.asked).toContain(added.record.name);
    const again = await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner);
    const before = await snapshot(server.db);
    expect((await again()).json().domain.status).toBe('verified');
    expect(await snapshot(server.db)).toEqual(before);
    expect((await auditTypes(acme.company.id)).map((event) => event.type)).toEqual(['company.created', 'domain.added', 'domain.verified']);
  });

  it('refuses DOMAIN_RECORD_NOT_FOUND when the name does not exist, has no TXT record, or another value', async () => {
    const acme = await makeCompany(server);
    const added = await add(acme, freshDomain());
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner), 409, 'DOMAIN_RECORD_NOT_FOUND');
    dns.set(added.record.name, { txt: [] });
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner), 409, 'DOMAIN_RECORD_NOT_FOUND');
    dns.set(added.record.name, { txt: ['roster-verification=somebody-elses'] });
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner), 409, 'DOMAIN_RECORD_NOT_FOUND');
    // The record at the domain itself is not the one looked for.
    dns.delete(added.record.name);
    dns.set(added.domain, { txt: [added.record.value] });
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner), 409, 'DOMAIN_RECORD_NOT_FOUND');
  });

  it('refuses DNS_LOOKUP_FAILED on SERVFAIL, REFUSED and a timeout, changing nothing', async () => {
    const acme = await makeCompany(server);
    const added = await add(acme, freshDomain());
    for (const failure of ['servfail', 'refused', 'timeout'] as const) {
      dns.set(added.record.name, failure);
      const res = await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, acme.owner), 502, 'DNS_LOOKUP_FAILED');
      expect(res.json<{ detail: string }>().detail).toContain(added.record.name);
    }
  }, 30_000);

  it('refuses DOMAIN_TAKEN while another company holds the domain verified; a pending add is allowed; free again once removed', async () => {
    const acme = await makeCompany(server);
    const globex = await makeCompany(server, 'Globex');
    const domain = freshDomain();
    const ours = await add(acme, domain);
    publish(ours);
    expect((await check(acme, ours)).statusCode).toBe(200);

    const theirs = await add(globex, domain);
    expect(theirs.status).toBe('pending');
    publish(theirs);
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(globex)}/${theirs.id}/check`, globex.owner), 409, 'DOMAIN_TAKEN');

    expect((await call(server, 'DELETE', `${domainsUrl(acme)}/${ours.id}`, acme.owner)).statusCode).toBe(204);
    expect((await check(globex, theirs)).json().domain.status).toBe('verified');
  });

  it('two companies verifying one domain at once: exactly one wins, the other DOMAIN_TAKEN', async () => {
    for (let round = 0; round < 5; round++) {
      const domain = freshDomain();
      const tenants = [await makeCompany(server, 'A'), await makeCompany(server, 'B'), await makeCompany(server, 'C')];
      const added = await Promise.all(tenants.map((tenant) => add(tenant, domain)));
      dns.set(added[0]!.record.name, { txt: added.map((row) => row.record.value) });
      const results = await Promise.all(tenants.map((tenant, i) => check(tenant, added[i]!)));
      const codes = results.map((res) => (res.statusCode === 200 ? 'verified' : res.json<{ code: string }>().code)).sort();
      expect(codes).toEqual(['DOMAIN_TAKEN', 'DOMAIN_TAKEN', 'verified']);
      const verified = await server.db.kysely.selectFrom('companyDomains').select('companyId').where('domain', '=', domain).where('status', '=', 'verified').execute();
      expect(verified).toHaveLength(1);
    }
  });

  it('the database itself refuses a second verified row of one domain, whatever the code checks', async () => {
    const acme = await makeCompany(server);
    const globex = await makeCompany(server, 'Globex');
    const domain = freshDomain();
    const row = (companyId: string) => ({
      id: newId(), companyId, domain, token: 't', status: 'verified', createdBy: acme.owner.id, createdAt: '2026-01-01T00:00:00.000Z', verifiedAt: '2026-01-01T00:00:00.000Z',
    });
    await server.db.kysely.insertInto('companyDomains').values(row(acme.company.id)).execute();
    const second = await server.db.kysely.insertInto('companyDomains').values(row(globex.company.id)).execute().then(() => null, (error: unknown) => error);
    expect(isUniqueViolation(second)).toBe(true);
    await server.db.kysely.insertInto('companyDomains').values({ ...row(globex.company.id), status: 'pending', verifiedAt: null }).execute();
  });

  it('is for the owner and admins; another company\'s domain is NOT_FOUND', async () => {
    const acme = await makeCompany(server);
    const globex = await makeCompany(server, 'Globex');
    const added = await add(acme, freshDomain());
    publish(added);
    const plain = await acme.member();
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${added.id}/check`, plain), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(globex)}/${added.id}/check`, globex.owner), 404, 'NOT_FOUND');
    // A domain of another company is NOT_FOUND before the caller's FORBIDDEN (§4's order).
    const theirs = await add(globex, freshDomain());
    await expectRefused(server.db, await request(server, 'POST', `${domainsUrl(acme)}/${theirs.id}/check`, plain), 404, 'NOT_FOUND');
    await expectRefused(server.db, await request(server, 'DELETE', `${domainsUrl(acme)}/${theirs.id}`, plain), 404, 'NOT_FOUND');
  });
});

describe('removing a domain', () => {
  it('deletes it and is audited with its state; another company cannot; a plain member is FORBIDDEN', async () => {
    const acme = await makeCompany(server);
    const globex = await makeCompany(server, 'Globex');
    const added = await add(acme, freshDomain());
    publish(added);
    await check(acme, added);
    const plain = await acme.member();
    await expectRefused(server.db, await request(server, 'DELETE', `${domainsUrl(acme)}/${added.id}`, plain), 403, 'FORBIDDEN');
    await expectRefused(server.db, await request(server, 'DELETE', `${domainsUrl(globex)}/${added.id}`, globex.owner), 404, 'NOT_FOUND');
    expect((await call(server, 'DELETE', `${domainsUrl(acme)}/${added.id}`, acme.owner)).statusCode).toBe(204);
    expect((await call(server, 'GET', domainsUrl(acme), acme.owner)).json().items).toEqual([]);
    expect((await auditTypes(acme.company.id)).slice(-1)).toEqual([{ type: 'domain.removed', data: { domain: added.domain, status: 'verified' } }]);
    await expectRefused(server.db, await request(server, 'DELETE', `${domainsUrl(acme)}/${added.id}`, acme.owner), 404, 'NOT_FOUND');
  });
});
