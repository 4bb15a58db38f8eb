/** Every knob of `npm run bench`, read once from the environment (README: Benchmark). */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got ${process.env[name]}`);
  return value;
};
const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SECTIONS = ['closed', 'confirm', 'open', 'shows'] as const;
export type Section = (typeof SECTIONS)[number];
const only = list('BENCH_ONLY', SECTIONS.join(','));
for (const s of only)
  if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`BENCH_ONLY: unknown section ${s}`);

export const config = {
  /** Sections to run: closed (three servers, closed loop), confirm, open (fixed rates), shows (many shows). */
  only: new Set(only as Section[]),
  /** Checkouts whose src/main.ts is "this server"; several compare versions in one run (baseline first). */
  serverDirs: list('BENCH_SERVER_DIR', PROJECT_ROOT).map((d) => resolve(d)),
  clients: num('BENCH_CLIENTS', 200),
  /** Rounds of the HTTP runs; each round runs every server once, in a rotated order. */
  rounds: num('BENCH_ROUNDS', 1),
  seconds: num('BENCH_SECONDS', 10),
  /** An unmeasured closed-loop run on each new server first, so JIT warm-up is not measured. */
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  seats: num('BENCH_SEATS', 10_000),
  quantity: 2,
  confirmSeconds: num('BENCH_CONFIRM_SECONDS', 5),
  confirmShare: num('BENCH_CONFIRM_SHARE', 0.2),
  openRates: list('BENCH_OPEN_RATES', '2000,4000,6000').map(Number),
  openSeconds: num('BENCH_OPEN_SECONDS', 10),
  /** Many-shows section: live shows held at once, their size, and the rebuild measurement. */
  shows: num('BENCH_SHOWS', 10_000),
  showSeats: num('BENCH_SHOW_SEATS', 300),
  rebuilds: num('BENCH_REBUILDS', 60),
  rebuildJournal: num('BENCH_REBUILD_JOURNAL', 500),
};
export type BenchConfig = typeof config;
