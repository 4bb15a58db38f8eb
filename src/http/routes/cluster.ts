import { createRoute, z } from '@hono/zod-openapi';
import type { Placement } from '../../actors/placement/index.js';
import type { ShowRuntime } from '../../actors/runtime/index.js';
import { requireOpsToken } from '../middleware/ops-token.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import { ClusterView, ShowOwner } from '../schemas/cluster.js';

const cluster = createRoute({
  method: 'get',
  path: '/api/cluster',
  tags: ['ops'],
  summary: 'The live members of the cluster, their leases and how many shows each hosts (OPS_TOKEN when set)',
  security: bearer,
  responses: {
    200: { description: 'Members', content: { 'application/json': { schema: ClusterView } } },
    ...problems(401),
  },
});

const ownerRoute = createRoute({
  method: 'get',
  path: '/api/cluster/owner/{showId}',
  tags: ['ops'],
  summary: 'Which node owns a show, as this node sees the ring (OPS_TOKEN when set)',
  security: bearer,
  request: { params: z.object({ showId: z.string().min(1).max(200) }) },
  responses: {
    200: { description: 'Owner', content: { 'application/json': { schema: ShowOwner } } },
    ...problems(401),
  },
});

export function clusterRoutes({
  placement,
  runtime,
  opsToken,
}: {
  placement: Placement;
  runtime: Pick<ShowRuntime, 'liveShows'>;
  opsToken: string | undefined;
}) {
  const ops = requireOpsToken(opsToken);
  return createRouter()
    .openapi({ ...cluster, middleware: [ops] }, (c) => {
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
    .openapi({ ...ownerRoute, middleware: [ops] }, (c) => {
      const { showId } = c.req.valid('param');
      const owner = placement.ownerOf(showId);
      return c.json(
        { showId, owner: owner ? { nodeId: owner.nodeId, url: owner.url } : null, self: placement.nodeId },
        200,
      );
    });
}
