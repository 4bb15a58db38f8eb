import { describe, expect, it } from 'vitest';
import {
  applyRoomEvent,
  createRoomContext,
  type QueueMethod,
  type RoomContext,
  type TicketNo,
} from '../../../src/actors/room/index.js';
import { mulberry32, shuffleInPlace } from '../../../src/actors/room/prng.js';
import { MIN, OPEN, T0, account, lineOf, settings } from './helpers.js';

/**
 * The order a room puts its customers in at opening: `early` join during the pre-queue (ticket i is
 * the i-th to arrive), `late` after opening; everyone is admitted at once (no limit, rate high enough).
 * Returns the tickets in admission order.
 */
function admissionOrder(seed: number, early: number, late = 0, method: QueueMethod = 'randomThenFifo'): TicketNo[] {
  const room: RoomContext = createRoomContext({ showId: 'fair' });
  const admitPerMinute = 6 * (early + late);
  applyRoomEvent(room, {
    type: 'CONFIGURE',
    now: T0 - MIN,
    settings: settings({ method, maxActive: early + late, admitPerMinute }),
  });
  for (let i = 0; i < early; i++) applyRoomEvent(room, { type: 'JOIN', now: T0 + i, accountId: account(i) });
  // From salesOpenAt on, joiners are late even before the TICK that opens admission.
  for (let i = 0; i < late; i++) applyRoomEvent(room, { type: 'JOIN', now: OPEN + i, accountId: account(early + i) });
  const order: TicketNo[] = [];
  const opened = applyRoomEvent(room, { type: 'TICK', now: OPEN + late, seed });
  for (const o of opened.outcomes) if (o.type === 'turn.admitted') order.push(o.ticket);
  expect(lineOf(room)).toEqual([]);
  return order;
}

/** Pearson's chi-square of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

/** Spearman's rank correlation of two rankings of 0..n-1 without ties. */
function spearman(ranks: number[]): number {
  const n = ranks.length;
  const d2 = ranks.reduce((sum, r, i) => sum + (r - i) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const seeds = (count: number) => Array.from({ length: count }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/** Chi-square critical values at p = 0.001 (9 and 81 degrees of freedom). */
const CHI2_9_P001 = 27.877;
const CHI2_81_P001 = 124.84;

describe('room fairness at opening', () => {
  it('shuffles the pre-queue into a permutation, the same one for the same seed', () => {
    const a = admissionOrder(12345, 300);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(admissionOrder(12345, 300)).toEqual(a);
    expect(admissionOrder(12346, 300)).not.toEqual(a);
  });

  it('draws the same numbers on every platform and release: journals replay with them', () => {
    // Pinned on purpose: changing the generator or the shuffle would reorder every journaled room on replay.
    const items = Array.from({ length: 10 }, (_, i) => i + 1);
    shuffleInPlace(items, items.length, mulberry32(42));
    expect(items).toEqual(PINNED_SEED_42);
  });

  it('gives every arrival the same chance of every place (chi-square over 2,000 fixed seeds, p = 0.001)', () => {
    const n = 10;
    const first = new Array<number>(n).fill(0);
    const placeOf = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const seed of seeds(2000)) {
      const order = admissionOrder(seed, n);
      first[order[0]! - 1]!++;
      order.forEach((ticket, place) => placeOf[ticket - 1]![place]!++);
    }
    const firstStat = chiSquare(first);
    console.info(
      `chi-square: first admitted ${firstStat.toFixed(2)} (9 df), arrival x place ${chiSquare(placeOf.flat()).toFixed(2)} (81 df)`,
    );
    // Arrival x place is a contingency table with both margins fixed (2,000 each): (n - 1)^2 degrees of freedom.
    const matrixStat = chiSquare(placeOf.flat());
    expect(firstStat, `first admitted per arrival index: ${first.join(' ')}`).toBeLessThan(CHI2_9_P001);
    expect(matrixStat, 'arrival x place').toBeLessThan(CHI2_81_P001);
  });

  it('the same statistic rejects a shuffle known to be biased (Sattolo: nobody keeps their place)', () => {
    const n = 10;
    const first = new Array<number>(n).fill(0);
    for (const seed of seeds(2000)) {
      const items = Array.from({ length: n }, (_, i) => i);
      const random = mulberry32(seed);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * i);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      first[items[0]!]!++;
    }
    expect(chiSquare(first)).toBeGreaterThan(CHI2_9_P001);
  });

  it('2,000 pre-queue customers: admission order uncorrelated with arrival (Spearman, two-sided p = 0.001)', () => {
    // Under independence rho * sqrt(n - 1) is close to standard normal; |z| < 3.29 at p = 0.001.
    for (const seed of seeds(5)) {
      const order = admissionOrder(seed, 2000);
      const ranks = order.map((ticket) => ticket - 1);
      const z = spearman(ranks) * Math.sqrt(order.length - 1);
      expect(Math.abs(z), `seed ${seed}: rho ${spearman(ranks)}`).toBeLessThan(3.29);
    }
    // And it would see the order of arrival: fifo correlates perfectly.
    expect(spearman(admissionOrder(1, 2000, 0, 'fifo').map((t) => t - 1))).toBe(1);
  });

  it('admits those who join after opening strictly in arrival order, after the whole pre-queue', () => {
    const order = admissionOrder(777, 500, 500);
    expect(order.slice(0, 500).every((t) => t <= 500)).toBe(true);
    expect(order.slice(500)).toEqual(Array.from({ length: 500 }, (_, i) => 501 + i));
  });
});

const PINNED_SEED_42 = [1, 8, 4, 6, 3, 2, 9, 10, 5, 7];
