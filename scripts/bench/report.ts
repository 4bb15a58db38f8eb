/** The printed tables, one per section. */
import type { ClosedResult } from './closed-loop.js';
import type { OpenResult } from './open-loop.js';
import type { ShowsResult } from './shows.js';
import type { Latencies } from './stats.js';

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '-';
const ms = (l: Latencies, p: number) => num(l.percentile(p), l.percentile(p) < 10 ? 1 : 0);
const pair = (l: Latencies) => `${ms(l, 50)} / ${ms(l, 99)}`;
/** Server CPU per hold (each followed by its release or confirmation), microseconds. */
const cpuPerOp = (cpuSeconds: number, ops: number) => num((cpuSeconds * 1e6) / Math.max(ops, 1));
const refusals = (r: Record<string, number>) =>
  Object.keys(r).length
    ? Object.entries(r)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : 'none';

function table(title: string, head: string[], rows: string[][], notes: string[] = []): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(n);
}

const doubles = (d: { clients: number; server: number | null }) => `${d.clients} / ${d.server ?? '-'}`;

export function printClosed(title: string, results: ClosedResult[]): void {
  const rate = (r: ClosedResult) => r.holds / r.seconds;
  const baseOf = (prefix: string) => results.find((r) => r.server.startsWith(prefix));
  const ratios = results
    .filter((r) => r.server.startsWith('this server'))
    .flatMap((r) =>
      (['classic', 'memory'] as const).flatMap((other) => {
        const o = baseOf(other);
        if (!o) return [];
        const p99 = r.lat.hold.percentile(99) / o.lat.hold.percentile(99);
        return [`${r.server} / ${other}: ${num(rate(r) / rate(o), 2)}x holds/s, ${num(p99, 2)}x hold p99`];
      }),
    );
  table(
    title,
    [
      'server',
      'holds/s',
      'hold p50 / p99 ms',
      'release p50 / p99 ms',
      'CPU µs/op',
      'RSS peak / end MiB',
      'load-gen CPU s',
      'doubles',
    ],
    results.map((r) => [
      r.server,
      num(rate(r)),
      pair(r.lat.hold),
      pair(r.lat.release),
      cpuPerOp(r.use.cpuSeconds, r.holds),
      `${r.use.peakRssMiB} / ${r.use.endRssMiB}`,
      num(r.use.loadgenCpuSeconds, 1),
      doubles(r.doubles),
    ]),
    [
      ...ratios,
      ...results.map((r) => `${r.server}: ${r.holds} holds in ${num(r.seconds, 1)} s, refused: ${refusals(r.refused)}`),
      'op = one hold and its release; CPU is the server process only (PostgreSQL not counted);',
      'doubles = seats held by two customers at once, seen by the clients / in the server tables.',
    ],
  );
}

export function printConfirm(results: ClosedResult[]): void {
  table(
    'Confirm flow (closed loop, a share of holds confirmed with the test card, the rest released)',
    ['server', 'holds/s', 'hold p50 / p99 ms', 'confirm p50 / p99 ms', 'release p50 / p99 ms', 'confirmed', 'doubles'],
    results.map((r) => [
      r.server,
      num(r.holds / r.seconds),
      pair(r.lat.hold),
      pair(r.lat.confirm),
      pair(r.lat.release),
      String(r.confirms),
      doubles(r.doubles),
    ]),
    results.map((r) => `${r.server}: refused: ${refusals(r.refused)}`),
  );
}

export function printOpen(results: OpenResult[]): void {
  table(
    'Open loop (hold then release at a fixed offered rate; latency from the scheduled start)',
    [
      'server',
      'offered/s',
      'achieved/s',
      'hold p50 / p99 ms',
      'op p99 ms',
      'backlog mid / end',
      'skipped',
      'CPU µs/op',
      'kept up',
    ],
    results.map((r) => [
      r.server,
      num(r.offered),
      num(r.achieved),
      pair(r.lat.hold),
      ms(r.lat.op, 99),
      `${r.backlog.mid} / ${r.backlog.end}`,
      String(r.skipped),
      cpuPerOp(r.use.cpuSeconds, r.lat.op.count),
      r.keptUp ? 'yes' : 'no',
    ]),
    [
      ...results.map(
        (r) =>
          `${r.server} @ ${r.offered}/s: ${r.unfinished} unfinished after the drain, doubles ${r.doubles}, refused: ${refusals(r.refused)}`,
      ),
      'kept up = achieved >= 95% of offered, nothing skipped, at most 100 ms of arrivals in flight at the end;',
      'backlog = operations in flight; skipped = due while 2 s of arrivals were already in flight.',
    ],
  );
}

export function printShows(results: ShowsResult[]): void {
  table(
    'Many shows in one process (runtime API, no HTTP)',
    ['checkout', 'live shows', 'heap KiB/show', 'RSS KiB/show', 'activations/s', 'rebuild p50 / p99 ms', 'rebuilds'],
    results.map((r) => [
      r.checkout,
      num(r.live),
      num(r.perShowBytes.heap / 1024, 1),
      num(r.perShowBytes.rss / 1024, 1),
      num(r.live / r.activationSeconds),
      `${num(r.rebuild.percentile(50), 1)} / ${num(r.rebuild.percentile(99), 1)}`,
      `${r.rebuild.count} x ${r.journalEntries} entries`,
    ]),
    [
      'heap and RSS: after GC, growth from no live show to all live, divided by the live shows;',
      'rebuild: a fresh runtime takes over a show (snapshot plus the journal after it) until its summary answers.',
    ],
  );
}
