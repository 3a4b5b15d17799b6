import Fastify from 'fastify';

/**
 * The limits of HTTP, on PORT of the loopback interface: a bare Fastify route answering `{}`, and
 * one answering a ready-made JSON body of BODY_BYTES bytes (the size of a members page), since
 * sending 20 KB costs a server more than anything it does to find them.
 */
const app = Fastify({ logger: false });
app.get('/', () => ({}));
const body = JSON.stringify({ items: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES ?? 0) - 30)), nextCursor: null });
app.get('/body', (request, reply) => reply.type('application/json; charset=utf-8').send(body));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
