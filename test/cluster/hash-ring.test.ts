import { describe, expect, it } from 'vitest';
import { createHashRing, type HashRing, type RingMember } from '../../src/actors/placement/index.js';

const keys = Array.from({ length: 10_000 }, (_, i) => `show-${i}`);
const members = (n: number, from = 1): RingMember[] =>
  Array.from({ length: n }, (_, i) => ({ nodeId: `node-${from + i}`, url: `http://10.0.0.${from + i}:4000` }));

function owners(ring: HashRing): string[] {
  return keys.map((k) => ring.owner(k)!.nodeId);
}

/** The keys whose owner differs between two rings, with their owners before and after. */
function moves(before: HashRing, after: HashRing) {
  const a = owners(before);
  const b = owners(after);
  return keys.flatMap((key, i) => (a[i] !== b[i] ? [{ key, from: a[i]!, to: b[i]! }] : []));
}

describe('hash ring', () => {
  it('gives the same owner for every key whatever order the members are listed in', () => {
    const list = members(5);
    const reference = createHashRing(list);
    for (const order of [[...list].reverse(), [list[2]!, list[0]!, list[4]!, list[1]!, list[3]!]]) {
      const ring = createHashRing(order);
      expect(ring.version).toBe(reference.version);
      expect(owners(ring)).toEqual(owners(reference));
    }
  });

  it('changes its version when a member joins, leaves or moves to another URL', () => {
    const base = createHashRing(members(3));
    expect(createHashRing(members(4)).version).not.toBe(base.version);
    expect(createHashRing(members(2)).version).not.toBe(base.version);
    const moved = members(3).map((m) => (m.nodeId === 'node-2' ? { ...m, url: 'http://10.0.0.99:4000' } : m));
    expect(createHashRing(moved).version).not.toBe(base.version);
  });

  it('has no owner when empty and one owner for everything with a single member', () => {
    expect(createHashRing([]).owner('show-1')).toBeNull();
    const solo = createHashRing(members(1));
    expect(new Set(owners(solo))).toEqual(new Set(['node-1']));
  });

  it.each([2, 3, 5, 8, 16])('spreads 10,000 shows evenly over %i members', (n) => {
    const counts = new Map<string, number>();
    for (const owner of owners(createHashRing(members(n)))) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    expect(counts.size).toBe(n);
    for (const count of counts.values()) {
      const share = count / keys.length;
      expect(share).toBeGreaterThan(0.75 / n);
      expect(share).toBeLessThan(1.3 / n);
    }
  });

  it.each([2, 3, 5, 8])('moves about 1/(N+1) of the shows, all to the newcomer, when a node joins %i others', (n) => {
    const before = createHashRing(members(n));
    const after = createHashRing(members(n + 1));
    const moved = moves(before, after);
    const fraction = moved.length / keys.length;
    expect(fraction).toBeGreaterThan(0.5 / (n + 1));
    expect(fraction).toBeLessThan(1.6 / (n + 1));
    expect(new Set(moved.map((m) => m.to))).toEqual(new Set([`node-${n + 1}`]));
  });

  it.each([3, 5, 8])('moves about 1/N of the shows, only the leaver’s, when one of %i nodes leaves', (n) => {
    const before = createHashRing(members(n));
    for (const leaver of members(n)) {
      const after = createHashRing(members(n).filter((m) => m.nodeId !== leaver.nodeId));
      const moved = moves(before, after);
      const fraction = moved.length / keys.length;
      expect(fraction).toBeGreaterThan(0.5 / n);
      expect(fraction).toBeLessThan(1.6 / n);
      expect(new Set(moved.map((m) => m.from))).toEqual(new Set([leaver.nodeId]));
      // Every show the leaver had now has a live owner.
      expect(moved.every((m) => m.to !== leaver.nodeId)).toBe(true);
    }
  });

  it('gives a key back to the node it left when that node rejoins', () => {
    const three = createHashRing(members(3));
    const two = createHashRing(members(3).filter((m) => m.nodeId !== 'node-3'));
    const again = createHashRing([...members(2), members(3)[2]!]);
    expect(moves(two, again).length).toBe(moves(three, two).length);
    expect(owners(again)).toEqual(owners(three));
  });
});
