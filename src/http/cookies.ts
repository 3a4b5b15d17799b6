import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import type { Services } from './services.js';

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the server is reached over https. */
export function setSessionCookie(reply: FastifyReply, services: Services, secret: string): void {
  void reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: services.config.baseUrl.startsWith('https:'),
    path: '/',
    maxAge: services.config.sessionTtlDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
