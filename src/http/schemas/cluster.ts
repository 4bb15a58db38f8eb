import { z } from '@hono/zod-openapi';

export const ClusterMember = z
  .object({
    nodeId: z.string(),
    url: z.string(),
    status: z.enum(['live', 'self']),
    leaseAgeMs: z.number().int(),
    leaseExpiresInMs: z.number().int().nullable(),
    shows: z.number().int().openapi({ description: 'Live show actors on the node at its last heartbeat' }),
  })
  .openapi('ClusterMember');

export const ClusterView = z
  .object({
    nodes: z.array(ClusterMember),
    self: z.string(),
    ringVersion: z.string(),
    healthy: z.boolean().openapi({ description: 'Whether this node holds a renewed lease' }),
  })
  .openapi('ClusterView');

export const ShowOwner = z
  .object({ showId: z.string(), owner: z.object({ nodeId: z.string(), url: z.string() }).nullable(), self: z.string() })
  .openapi('ShowOwner');
