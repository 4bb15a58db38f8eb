import { createHash } from 'node:crypto';

export interface RingMember {
  nodeId: string;
  url: string;
}

export interface HashRing {
  readonly members: readonly RingMember[];
  /** Same members (in any order) give the same version string on every node. */
  readonly version: string;
  /** The member that owns `key`, or null when the ring is empty. */
  owner(key: string): RingMember | null;
}

/** Points per member: enough that each owns close to 1/N of the keys (measured in the tests). */
export const DEFAULT_VNODES = 160;

function point(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

/**
 * A consistent-hash ring with virtual nodes. Pure: every node that sees the same members computes
 * the same owner for every show, and adding or removing one of N members moves only the keys that
 * member gains or loses, about 1/N of them.
 */
export function createHashRing(members: readonly RingMember[], vnodes = DEFAULT_VNODES): HashRing {
  const sorted = [...members].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  const points: { at: number; member: RingMember }[] = [];
  for (const member of sorted) {
    for (let v = 0; v < vnodes; v++) points.push({ at: point(`${member.nodeId}#${v}`), member });
  }
  // Ties (vanishingly rare) are broken by node id so every node orders them the same way.
  points.sort((a, b) => a.at - b.at || (a.member.nodeId < b.member.nodeId ? -1 : 1));
  const ats = Uint32Array.from(points, (p) => p.at);
  const version = createHash('sha1')
    .update(sorted.map((m) => `${m.nodeId}=${m.url}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const cache = new Map<string, RingMember | null>();

  return {
    members: sorted,
    version,
    owner(key) {
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      let found: RingMember | null = null;
      if (points.length > 0) {
        const h = point(key);
        let lo = 0;
        let hi = ats.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (ats[mid]! < h) lo = mid + 1;
          else hi = mid;
        }
        found = points[lo === points.length ? 0 : lo]!.member;
      }
      if (cache.size > 100_000) cache.clear();
      cache.set(key, found);
      return found;
    },
  };
}
