/**
 * Seeded randomness for the pre-queue shuffle. The seed arrives in the TICK that opens the room and
 * is journaled with it, so a replay draws exactly the same numbers: nothing here reads a clock or
 * Math.random.
 */

/** mulberry32: a 32-bit state generator, plenty for shuffling (and the same on every platform). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates over `items[0, length)`, in place: every order equally likely for a uniform source. */
export function shuffleInPlace(items: Uint32Array | number[], length: number, random: () => number): void {
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = items[i]!;
    items[i] = items[j]!;
    items[j] = held;
  }
}
