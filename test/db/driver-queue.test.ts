import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

/**
 * postgres.js keeps its pool's waiting queries (and each connection's list) in this queue. Upstream,
 * its array is only reset when the queue empties, so under a load that never lets it empty it keeps
 * a slot for every query it ever held: the soak's slow heap growth. patches/postgres+3.4.9.patch
 * drops the consumed front; these tests fail on the unpatched driver.
 */
interface DriverQueue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T;
  remove(x: T): T | null;
}

async function loadQueue(): Promise<<T>(initial?: T[]) => DriverQueue<T>> {
  // The package exports its entry points only; the queue is found beside the ESM entry.
  const cjsEntry = createRequire(import.meta.url).resolve('postgres');
  const root = join(dirname(cjsEntry), '..', '..');
  const module = (await import(pathToFileURL(join(root, 'src', 'queue.js')).href)) as {
    default: <T>(initial?: T[]) => DriverQueue<T>;
  };
  return module.default;
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe("postgres.js's queue (patched)", () => {
  it('keeps its order and length across the compaction of its consumed front', async () => {
    const Queue = await loadQueue();
    const queue = Queue<number>();
    const out: number[] = [];
    let next = 0;
    // Never empty: 3 in, 2 out, so the front is consumed and compacted many times over.
    while (next < 30_000) {
      queue.push(next++);
      queue.push(next++);
      queue.push(next++);
      out.push(queue.shift(), queue.shift());
    }
    expect(queue.length).toBe(next - out.length);
    expect(queue.remove(next - 1)).toBe(next - 1);
    expect(queue.remove(-5)).toBeNull();
    while (queue.length > 0) out.push(queue.shift());
    expect(out).toEqual(Array.from({ length: next - 1 }, (_, i) => i));
  });

  it('does not grow with the number of entries it has held when it never empties', async () => {
    const Queue = await loadQueue();
    const queue = Queue<number>([0]);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let i = 1; i <= 2_000_000; i++) {
      queue.push(i);
      queue.shift();
    }
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    expect(queue.length).toBe(1);
    // Unpatched: one 8-byte slot per entry ever held, about 16 MB here.
    expect(grown).toBeLessThan(4 * 2 ** 20);
  });
});
