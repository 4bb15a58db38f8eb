import type { RingMember } from './hash-ring.js';
import type { MemberInfo, Membership } from './membership.js';

/** Where shows live, as this node sees it. */
export interface Placement {
  nodeId: string;
  url: string;
  ownerOf(showId: string): RingMember | null;
  /** True when this node should host the show now (it owns it and its lease is renewed). */
  isMine(showId: string): boolean;
  ringVersion(): string;
  members(): MemberInfo[];
  healthy(): boolean;
}

export function placementOf(membership: Membership): Placement {
  return {
    nodeId: membership.nodeId,
    url: membership.url,
    ownerOf: (showId) => membership.ring().owner(showId),
    isMine: (showId) => membership.healthy() && membership.ring().owner(showId)?.nodeId === membership.nodeId,
    ringVersion: () => membership.ring().version,
    members: () => membership.members(),
    healthy: () => membership.healthy(),
  };
}

/** One node on its own: every show is local. For tests and tools that run without a cluster. */
export function singleNode(nodeId: string, url: string): Placement {
  const self = { nodeId, url };
  return {
    nodeId,
    url,
    ownerOf: () => self,
    isMine: () => true,
    ringVersion: () => 'single',
    members: () => [{ ...self, leaseAgeMs: 0, leaseExpiresInMs: Infinity, liveShows: 0 }],
    healthy: () => true,
  };
}
