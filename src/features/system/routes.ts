// Operations: health check, Prometheus metrics, OpenAPI document.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type {} from '@fastify/swagger';
import type { Deps } from '../../platform/deps.ts';
import { databaseAnswers } from '../../db/index.ts';
import { safeEqual } from '../../platform/auth/tokens.ts';
import type { FastifyRequest } from 'fastify';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** The socket's own address (never a forwarded one), and no proxy header saying it came from elsewhere. */
function fromThisMachine(req: FastifyRequest): boolean {
  const forwarded = req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  return !forwarded && LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export const systemRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/healthz', {
    schema: {
      summary: 'Health check: 200 only when the database answers',
      response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable') }) },
    },
  }, async (_req, reply) => {
    if (!deps.draining && (await databaseAnswers(deps.db))) return reply.header('cache-control', 'no-store').send({ status: 'ok' as const });
    return reply.status(503).header('cache-control', 'no-store').send({ status: 'unavailable' as const });
  });

  // Metrics name every route (including /admin) and the Node version: not for the public. Without a
  // token only the machine itself may read them, and not through a proxy on it (a forwarding header
  // means the request came from elsewhere).
  app.get('/metrics', async (req, reply) => {
    if (deps.config.metricsToken) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      if (!safeEqual(given, deps.config.metricsToken)) return reply.status(401).header('www-authenticate', 'Bearer').send('unauthorized');
    } else if (!fromThisMachine(req)) {
      return reply.status(403).header('cache-control', 'no-store').send('forbidden');
    }
    return reply.header('content-type', deps.metrics.contentType).header('cache-control', 'no-store').send(await deps.metrics.metrics());
  });

  app.get('/api/openapi.json', async (_req, reply) => {
    return reply.header('content-type', 'application/json; charset=utf-8').send(app.swagger());
  });
};
