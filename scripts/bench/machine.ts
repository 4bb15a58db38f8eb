/**
 * `npm run bench:machine`: how long the pure show machine takes per event on a 20,000-seat show
 * with about 1,000 live holds (best-available HOLDs, four in five released at once). No I/O.
 */
import { createActor } from 'xstate';
import { showMachine } from '../../src/actors/show/index.js';

const ROWS = 200;
const SEATS_PER_ROW = 100;
const HOLDS = 5000;

const rows = Array.from({ length: ROWS }, (_, i) => ({
  row: `R${i + 1}`,
  seats: SEATS_PER_ROW,
  category: i < ROWS / 4 ? 'premium' : 'regular',
}));
const actor = createActor(showMachine, {
  input: {
    showId: 'bench',
    layout: {
      sections: [{ name: 'Bowl', kind: 'reserved', rows }],
      categories: [
        { category: 'premium', price: 9900 },
        { category: 'regular', price: 4900 },
      ],
      currency: 'EUR',
    },
    rules: {
      maxSeatsPerOrder: 10,
      holdTtlMs: 300_000,
      holdGraceMs: 5_000,
      offerTtlMs: 300_000,
      waitlistMaxWaitMs: 3_600_000,
      paymentBoundMs: 600_000,
    },
    createdAt: 0,
    salesOpenAt: null,
    salesCloseAt: null,
  },
});
actor.start();

let events = 0;
const started = performance.now();
for (let i = 0; i < HOLDS; i++) {
  // A customer per hold: one customer may keep only maxSeatsPerOrder seats of a show at once.
  actor.send({ type: 'HOLD', holdId: `h${i}`, userId: `u${i}`, quantity: 2, now: 1000 + i });
  events++;
  if (i % 5 !== 0) {
    actor.send({ type: 'RELEASE', holdId: `h${i}`, userId: `u${i}`, now: 1000 + i });
    events++;
  }
}
const perEventUs = ((performance.now() - started) * 1000) / events;
const snapshotStarted = performance.now();
const json = JSON.stringify(actor.getPersistedSnapshot());
const snapshotMs = performance.now() - snapshotStarted;
console.log(
  `show machine, ${ROWS * SEATS_PER_ROW} seats, ${Object.keys(actor.getSnapshot().context.holds).length} live holds at the end:`,
);
console.log(`  ${perEventUs.toFixed(1)} us per event over ${events} events (HOLD by quantity and RELEASE)`);
console.log(`  snapshot: ${(json.length / 1024).toFixed(0)} KiB of JSON in ${snapshotMs.toFixed(2)} ms`);
