import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/observability/latency-histogram.js';

const buckets = [0.001, 0.01, 0.1, 1];
const labelNames = ['method', 'route', 'status'] as const;
const observations: [string, string, string, number][] = [
  ['POST', '/api/shows/:showId/holds', '201', 0.0004],
  ['DELETE', '/api/shows/:showId/holds/:holdId', '204', 0.001],
  ['POST', '/api/shows/:showId/holds', '201', 0.05],
  ['GET', 'unmatched', '404', 3],
  ['POST', '/api/shows/:showId/holds', '409', 0.2],
  ['POST', '/api/shows/:showId/holds', '201', 0.0100001],
];

describe('LatencyHistogram', () => {
  it('exports exactly what prom-client’s Histogram exports for the same observations', async () => {
    const theirs = new Registry();
    const reference = new Histogram({
      name: 'h_seconds',
      help: 'help "text"',
      labelNames,
      buckets,
      registers: [theirs],
    });
    const ours = new Registry();
    const fast = new LatencyHistogram('h_seconds', 'help "text"', labelNames, buckets, ours);
    for (const [method, route, status, value] of observations) {
      reference.observe({ method, route, status }, value);
      fast.observe(fast.seriesOf(method, route, status), value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('starts empty again after a reset', async () => {
    const registry = new Registry();
    const fast = new LatencyHistogram('h_seconds', 'help', labelNames, buckets, registry);
    fast.observe(fast.seriesOf('GET', '/x', '200'), 0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).toBe('# HELP h_seconds help\n# TYPE h_seconds histogram\n');
  });
});
