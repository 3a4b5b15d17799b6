import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

/** An HTTP answer's status, or the code of the socket error that came instead. */
type Outcome = { status: number; connection: string | undefined } | { error: string };

/** One request on `agent` (kept-alive connections); never rejects. */
function send(agent: Agent, url: string, method: string, path: string, body?: object): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      `${url}${path}`,
      { method, agent, headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        });
        res.on('error', (error: NodeJS.ErrnoException) => {
          resolve({ error: error.code ?? error.message });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ error: error.code ?? error.message });
    });
    req.end(payload);
  });
}

let database: TestDatabase;
let server: ChildServer;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startChildServer({ DATABASE_URL: database.url, RATE_LIMITS: 'off', SHUTDOWN_TIMEOUT_S: '10' });
});

afterAll(async () => {
  await server.kill('SIGKILL');
  await database.drop();
});

describe('SIGTERM under load on kept-alive connections', () => {
  it('answers every request (served, or 503 with Connection: close), resets none, and exits in a few seconds', async () => {
    const { url } = server;
    let stopping = false;
    const outcomes: Outcome[] = [];
    const agents: Agent[] = [];
    const agent = () => {
      const made = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(made);
      return made;
    };

    // An idle kept-alive connection, and one whose slow request (scrypt) is in flight at SIGTERM
    // and which then stays open, idle: before, each held the process for the keep-alive timeout.
    const idle = agent();
    expect(await send(idle, url, 'GET', '/api/v1/health/live')).toMatchObject({ status: 200 });
    const inFlight = agent();

    // Clients looping requests, each on its own kept-alive connection, until the server turns them
    // away: a 503, or (once it stops listening) a refused new connection.
    let count = 0;
    const loop = async (each: Agent, slow: boolean) => {
      for (;;) {
        const outcome = slow
          ? await send(each, url, 'POST', '/api/v1/auth/signup', { email: `p${count++}@example.com`, name: 'Person', password: 'a long password' })
          : await send(each, url, 'GET', '/api/v1/health/ready');
        if (stopping) outcomes.push(outcome);
        if ('error' in outcome ? outcome.error === 'ECONNREFUSED' || !stopping : outcome.status === 503) return;
      }
    };
    const loops = [...Array.from({ length: 4 }, () => loop(agent(), false)), ...Array.from({ length: 4 }, () => loop(agent(), true))];
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const slow = send(inFlight, url, 'POST', '/api/v1/auth/signup', { email: 'slow@example.com', name: 'Slow', password: 'a long password' });
    // Long enough for the request to reach its handler on a busy machine, well short of its scrypt
    // (a few hundred ms): it is in flight when the signal comes.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    stopping = true;
    server.process.kill('SIGTERM');

    expect(await slow).toMatchObject({ status: 201, connection: 'close' });
    await Promise.all(loops);
    const answered = Date.now();
    const code = await exited;
    const exitedAt = Date.now();
    for (const each of agents) each.destroy();

    expect(code).toBe(0);
    // Once the last request in flight is answered, nothing holds the process: not the idle
    // connection, not the one the slow request came on (scrypt under load may take seconds itself).
    expect(exitedAt - answered).toBeLessThan(2_000);
    expect(exitedAt - signalled).toBeLessThan(8_000);
    // Every request that reached the server got an answer: none was reset.
    const errors = outcomes.filter((outcome) => 'error' in outcome).map((outcome) => outcome.error);
    expect(errors.filter((error) => error !== 'ECONNREFUSED')).toEqual([]);
    // What came after SIGTERM was served or turned away with 503 and its connection closed.
    const answers = outcomes.filter((outcome) => 'status' in outcome);
    expect(answers.some((answer) => answer.status === 503)).toBe(true);
    for (const answer of answers) {
      expect([200, 201, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.connection).toBe('close');
    }
  }, 30_000);

  it('cuts a request still in flight at SHUTDOWN_TIMEOUT_S, and exits', async () => {
    const short = await startChildServer({ DATABASE_URL: database.url, RATE_LIMITS: 'off', SHUTDOWN_TIMEOUT_S: '2' });
    try {
      // A request whose body never comes: in flight for as long as the connection stays.
      const { port } = new URL(short.url);
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /api/v1/auth/signup HTTP/1.1\r\nHost: roster\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
      await new Promise((resolve) => setTimeout(resolve, 200));

      const exited = new Promise<number | null>((resolve) => short.process.once('exit', (code) => resolve(code)));
      const signalled = Date.now();
      short.process.kill('SIGTERM');
      expect(await exited).toBe(0);
      const took = Date.now() - signalled;
      expect(took).toBeGreaterThanOrEqual(1_900);
      expect(took).toBeLessThan(5_000);
      socket.destroy();
    } finally {
      await short.kill('SIGKILL');
    }
  }, 30_000);
});
