import type { FastifyBaseLogger } from 'fastify';
import type { Services } from './services.js';

/** The work each server's routes started after answering, until it ends. */
const running = new WeakMap<Services, Set<Promise<void>>>();

/**
 * Runs `work` after the answer has gone: for a request whose answer must not tell, by what it
 * says or by how long it takes, anything the work finds (a password-reset request, whose work
 * depends on whether the email has an account). A failure is logged with the request's id; the
 * caller has had its answer.
 */
export function runAfterAnswer(services: Services, log: FastifyBaseLogger, work: () => Promise<void>): void {
  let set = running.get(services);
  if (!set) running.set(services, (set = new Set()));
  const done: Promise<void> = work()
    .catch((error: unknown) => log.error({ err: error }, 'work after the answer failed'))
    .finally(() => set.delete(done));
  set.add(done);
}

/** Resolves once the work started after answering has ended: the server waits for it when it closes, tests before they look. */
export async function workAfterAnswers(services: Services): Promise<void> {
  const set = running.get(services);
  while (set && set.size > 0) await Promise.all([...set]);
}
