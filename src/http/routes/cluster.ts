import { createRoute, z } from '@hono/zod-openapi';
import type { Placement } from '../../actors/placement/index.js';
import type { ShowRuntime } from '../../actors/runtime/index.js';
import { createRouter } from '../router.js';
import { ClusterView, ShowOwner } from '../schemas/cluster.js';

const cluster = createRoute({
  method: 'get',
  path: '/api/cluster',
  tags: ['ops'],
  summary: 'The live members of the cluster, their leases and how many shows each hosts',
  responses: { 200: { description: 'Members', content: { 'application/json': { schema: ClusterView } } } },
});

const ownerRoute = createRoute({
  method: 'get',
  path: '/api/cluster/owner/{showId}',
  tags: ['ops'],
  summary: 'Which node owns a show, as this node sees the ring',
  request: { params: z.object({ showId: z.string().min(1).max(200) }) },
  responses: { 200: { description: 'Owner', content: { 'application/json': { schema: ShowOwner } } } },
});

export function clusterRoutes({
  placement,
  runtime,
}: {
  placement: Placement;
  runtime: Pick<ShowRuntime, 'liveShows'>;
}) {
  return createRouter()
    .openapi(cluster, (c) => {
      const nodes = placement.members().map((m) => {
        const self = m.nodeId === placement.nodeId;
        return {
          nodeId: m.nodeId,
          url: m.url,
          status: self ? ('self' as const) : ('live' as const),
          leaseAgeMs: m.leaseAgeMs,
          leaseExpiresInMs: Number.isFinite(m.leaseExpiresInMs) ? m.leaseExpiresInMs : null,
          shows: self ? runtime.liveShows().length : m.liveShows,
        };
      });
      return c.json(
        { nodes, self: placement.nodeId, ringVersion: placement.ringVersion(), healthy: placement.healthy() },
        200,
      );
    })
    .openapi(ownerRoute, (c) => {
      const { showId } = c.req.valid('param');
      const owner = placement.ownerOf(showId);
      return c.json(
        { showId, owner: owner ? { nodeId: owner.nodeId, url: owner.url } : null, self: placement.nodeId },
        200,
      );
    });
}
