// The HTTP workload of `npm run bench:record`: a fastify server over shop.mjs. It prints its port.
import Fastify from 'fastify';
import { handleQuote } from './shop.mjs';

const app = Fastify({ logger: false });
app.get('/quote/:sku', async (req, reply) => {
  const { status, body } = await handleQuote(req.params.sku, Number(req.query.qty ?? 1));
  reply.code(status);
  return body;
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening ${new URL(address).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
