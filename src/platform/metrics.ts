// Prometheus metrics: process defaults and request durations by route pattern (never by raw URL).
// The defaults include the event-loop delay (nodejs_eventloop_lag_{max,p99,…}_seconds) from
// perf_hooks.monitorEventLoopDelay, sampled every 10 ms; each scrape reads the histogram and starts it
// afresh, so max and p99 cover the time since the previous scrape (the bench reads them per run).
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function registerMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests by route pattern',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Added on the root instance so it sees every route.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}
