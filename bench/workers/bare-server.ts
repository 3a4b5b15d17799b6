import Fastify from 'fastify';

/** The limit of HTTP: a bare Fastify route answering `{}`, on PORT of the loopback interface. */
const app = Fastify({ logger: false });
app.get('/', () => ({}));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
