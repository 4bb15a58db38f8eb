/**
 * The printed tables, one per section. With several rounds each figure is the median over the
 * rounds (one row per server), and throughput also shows its min-max spread.
 */
import type { ClosedResult } from './closed-loop.js';
import type { OpenResult } from './open-loop.js';
import type { ShowsResult } from './shows.js';
import type { Latencies } from './stats.js';

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '-';
const msNum = (n: number) => num(n, n < 10 ? 1 : 0);
function median(values: number[]): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
/** Median of a figure over rounds, with its range when there are several. */
const spread = (values: number[]) =>
  values.length > 1
    ? `${num(median(values))} (${num(Math.min(...values))}-${num(Math.max(...values))})`
    : num(values[0]!);
/** Ratios as "1.23x", with their range over rounds when there are several. */
function spreadRatio(values: number[]): string {
  const ok = values.filter(Number.isFinite);
  const x = (n: number) => `${num(n, 2)}x`;
  return ok.length > 1 ? `${x(median(ok))} (${x(Math.min(...ok))}-${x(Math.max(...ok))})` : x(ok[0] ?? NaN);
}
const pct = (ls: Latencies[], p: number) => median(ls.map((l) => l.percentile(p)));
const pair = (ls: Latencies[]) => `${msNum(pct(ls, 50))} / ${msNum(pct(ls, 99))}`;
/** Server CPU per hold (each followed by its release or confirmation), microseconds. */
const cpuPerOp = (cpuSeconds: number, ops: number) => (cpuSeconds * 1e6) / Math.max(ops, 1);
const refusals = (rs: { refused: Record<string, number> }[]) => {
  const all: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.refused)) all[k] = (all[k] ?? 0) + v;
  return Object.keys(all).length
    ? Object.entries(all)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : 'none';
};

/** Results grouped by server (and offered rate), in the order first seen. */
function groups<T>(results: T[], key: (r: T) => string): T[][] {
  const byKey = new Map<string, T[]>();
  for (const r of results) (byKey.get(key(r)) ?? byKey.set(key(r), []).get(key(r))!).push(r);
  return [...byKey.values()];
}

function table(title: string, head: string[], rows: string[][], notes: string[] = []): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(n);
}

const rateOf = (r: ClosedResult) => r.holds / r.seconds;
const doubles = (rs: ClosedResult[]) =>
  `${Math.max(...rs.map((r) => r.doubles.clients))} / ${rs.some((r) => r.doubles.server === null) ? '-' : Math.max(...rs.map((r) => r.doubles.server!))}`;

export function printClosed(title: string, results: ClosedResult[], rounds: number): void {
  const byServer = groups(results, (r) => r.server);
  const other = (kind: string) => byServer.find((rs) => rs[0]!.server.startsWith(kind));
  const actors = byServer.filter((rs) => rs[0]!.server.startsWith('this server'));
  // Ratios are taken round by round (runs minutes apart see different machine load), then the median.
  const paired = (a: ClosedResult[], b: ClosedResult[], f: (r: ClosedResult) => number) =>
    spreadRatio(a.map((r, i) => (b[i] ? f(r) / f(b[i]!) : NaN)));
  const p99 = (r: ClosedResult) => r.lat.hold.percentile(99);
  const cpu = (r: ClosedResult) => cpuPerOp(r.use.cpuSeconds, r.holds);
  const ratios = actors.flatMap((rs) => [
    ...(['classic', 'memory'] as const).flatMap((kind) => {
      const o = other(kind);
      return o ? [`${rs[0]!.server} / ${kind}: ${paired(rs, o, rateOf)} holds/s, ${paired(rs, o, p99)} hold p99`] : [];
    }),
    ...(rs !== actors[0]
      ? [
          `${rs[0]!.server} / ${actors[0]![0]!.server}: ${paired(rs, actors[0]!, rateOf)} holds/s, ` +
            `${paired(rs, actors[0]!, p99)} hold p99, ${paired(rs, actors[0]!, cpu)} CPU/op`,
        ]
      : []),
  ]);
  table(
    `${title}${rounds > 1 ? `, median of ${rounds} interleaved rounds (min-max)` : ''}`,
    [
      'server',
      'holds/s',
      'hold p50 / p99 ms',
      'release p50 / p99 ms',
      'server CPU µs/op',
      'PG CPU µs/op',
      'RSS peak / end MiB',
      'load-gen CPU s',
      'doubles',
    ],
    byServer.map((rs) => [
      rs[0]!.server,
      spread(rs.map(rateOf)),
      pair(rs.map((r) => r.lat.hold)),
      pair(rs.map((r) => r.lat.release)),
      spread(rs.map((r) => cpuPerOp(r.use.cpuSeconds, r.holds))),
      spread(rs.map((r) => cpuPerOp(r.use.pgCpuSeconds, r.holds))),
      `${Math.max(...rs.map((r) => r.use.peakRssMiB))} / ${rs.at(-1)!.use.endRssMiB}`,
      num(median(rs.map((r) => r.use.loadgenCpuSeconds)), 1),
      doubles(rs),
    ]),
    [
      ...ratios,
      ...byServer.map(
        (rs) =>
          `${rs[0]!.server}: ${rs.map((r) => r.holds).join(', ')} holds in ${num(median(rs.map((r) => r.seconds)), 1)} s; refused: ${refusals(rs)}`,
      ),
      'op = one hold and its release; server CPU: its process; PG CPU: every process of the PostgreSQL cluster;',
      'doubles = seats held by two customers at once, seen by the clients / in confirmed bookings.',
    ],
  );
}

export function printConfirm(results: ClosedResult[]): void {
  const byServer = groups(results, (r) => r.server);
  table(
    'Confirm flow (closed loop; a share of holds paid with the test card, the rest released)',
    ['server', 'holds/s', 'hold p50 / p99 ms', 'confirm p50 / p99 ms', 'release p50 / p99 ms', 'confirmed', 'doubles'],
    byServer.map((rs) => [
      rs[0]!.server,
      spread(rs.map(rateOf)),
      pair(rs.map((r) => r.lat.hold)),
      pair(rs.map((r) => r.lat.confirm)),
      pair(rs.map((r) => r.lat.release)),
      rs.map((r) => r.confirms).join(', '),
      doubles(rs),
    ]),
    byServer.map((rs) => `${rs[0]!.server}: refused: ${refusals(rs)}`),
  );
}

export function printOpen(results: OpenResult[]): void {
  const byRun = groups(results, (r) => `${r.server}@${r.offered}`);
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
    byRun.map((rs) => [
      rs[0]!.server,
      num(rs[0]!.offered),
      spread(rs.map((r) => r.achieved)),
      pair(rs.map((r) => r.lat.hold)),
      msNum(
        pct(
          rs.map((r) => r.lat.op),
          99,
        ),
      ),
      `${num(median(rs.map((r) => r.backlog.mid)))} / ${num(median(rs.map((r) => r.backlog.end)))}`,
      num(median(rs.map((r) => r.skipped))),
      spread(rs.map((r) => cpuPerOp(r.use.cpuSeconds, r.lat.op.count))),
      rs.map((r) => (r.keptUp ? 'yes' : 'no')).join(','),
    ]),
    [
      ...byRun.map(
        (rs) =>
          `${rs[0]!.server} @ ${rs[0]!.offered}/s: unfinished ${rs.map((r) => r.unfinished).join(', ')}, doubles ${Math.max(...rs.map((r) => r.doubles))}, refused: ${refusals(rs)}`,
      ),
      'kept up = achieved >= 95% of offered, nothing skipped, at most 100 ms of arrivals in flight at the end;',
      'backlog = operations in flight; skipped = due while 1 s of arrivals was already in flight;',
      'unfinished = still open 3 s after the window, then cut off; latencies are of the operations that finished.',
    ],
  );
}

export function printShows(results: ShowsResult[]): void {
  const rows = results.flatMap((r) =>
    (['ownHalls', 'oneHall'] as const).map((kind, i) => {
      const m = r[kind];
      return [
        i === 0 ? r.checkout : '',
        kind === 'ownHalls' ? 'a hall each' : 'one hall',
        num(m.live),
        num(m.perShowBytes.heap / 1024, 1),
        num(m.perShowBytes.rss / 1024, 1),
        num(m.live / m.activationSeconds),
        i === 0 ? `${num(r.rebuild.percentile(50), 1)} / ${num(r.rebuild.percentile(99), 1)}` : '',
        i === 0 ? `${r.rebuild.count} x ${r.journalEntries} entries` : '',
      ];
    }),
  );
  table(
    'Many shows in one process (runtime API, no HTTP)',
    [
      'checkout',
      'shows in',
      'live shows',
      'heap KiB/show',
      'RSS KiB/show',
      'activations/s',
      'rebuild p50 / p99 ms',
      'rebuilds',
    ],
    rows,
    [
      'heap and RSS: after GC, growth from no live show to all live, divided by the live shows;',
      'one hall: shows of equal layouts may share what does not change (the seat index);',
      'rebuild: a fresh runtime takes over a show (snapshot plus the journal after it) until its summary answers.',
    ],
  );
}
