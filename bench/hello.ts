// The baseline for `npm run bench`: a bare Fastify hello world, nothing registered but one route.
// Listens on 127.0.0.1 on a free port and prints "PORT <n>" for bench/run.ts to read.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const shutdown = () => {
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
console.log(`PORT ${address.port}`);
