// The baseline for api.bench.ts: a bare fastify JSON route, nothing else, in its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const startedAt = Date.now();
app.get('/bare', async () => ({
  name: 'quanttrade',
  uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
}));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
