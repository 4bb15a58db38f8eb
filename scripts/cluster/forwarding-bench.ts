/**
 * `npx tsx scripts/cluster/forwarding-bench.ts`: what forwarding costs. A 3-node cluster on a
 * throwaway PostgreSQL; GET /api/shows/concert_2025 sent to its owner (direct) and to another node
 * (forwarded to the owner, one extra HTTP hop over keep-alive), interleaved so both see the same
 * machine. Sequential requests show the added latency; concurrent ones show it under load.
 *
 * FORWARD_REQUESTS (default 2000 each way) and FORWARD_CONCURRENCY (default 16) adjust it.
 */
import { createClient, type Client } from '../bench/http-client.js';
import { Latencies } from '../bench/stats.js';
import { withBenchCluster } from './bench-cluster.js';
import { ownersOf } from './status.js';

const REQUESTS = Number(process.env.FORWARD_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.FORWARD_CONCURRENCY ?? 16);
const SHOW = 'concert_2025';
const PATH = `/api/shows/${SHOW}`;

async function timedGet(client: Client, into: Latencies): Promise<void> {
  const started = performance.now();
  const res = await client('GET', PATH);
  if (res.status !== 200) throw new Error(`GET ${PATH}: ${res.status}`);
  into.add(performance.now() - started);
}

/** `workers` loops, each sending `perWorker` pairs: one direct, one forwarded, in alternating order. */
async function measure(direct: Client, forwarded: Client, workers: number, perWorker: number) {
  const d = new Latencies();
  const f = new Latencies();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) {
        if ((i + w) % 2 === 0) {
          await timedGet(direct, d);
          await timedGet(forwarded, f);
        } else {
          await timedGet(forwarded, f);
          await timedGet(direct, d);
        }
      }
    }),
  );
  return { d, f };
}

function row(name: string, l: Latencies): string {
  const ms = (p: number) => l.percentile(p).toFixed(2).padStart(7);
  return `  ${name.padEnd(10)} ${String(l.count).padStart(6)}  ${ms(50)}  ${ms(90)}  ${ms(99)}`;
}

function report(title: string, { d, f }: { d: Latencies; f: Latencies }): void {
  console.log(`\n${title}`);
  console.log('  path       requests   p50 ms   p90 ms   p99 ms');
  console.log(row('direct', d));
  console.log(row('forwarded', f));
  const added = (p: number) => (f.percentile(p) - d.percentile(p)).toFixed(2);
  console.log(`  forwarding adds ${added(50)} ms at p50, ${added(99)} ms at p99`);
}

await withBenchCluster(3, Number(process.env.FORWARD_PORT ?? 4101), async (nodes) => {
  const owners = await ownersOf(nodes.specs[0]!.url, [SHOW], nodes.opsHeaders);
  const owner = nodes.specs.find((s) => s.nodeId === owners.get(SHOW))!;
  const other = nodes.specs.find((s) => s !== owner)!;
  const direct = createClient(owner.url, 64);
  const forwarded = createClient(other.url, 64);
  console.log(`${SHOW} is owned by ${owner.nodeId}; forwarded requests go through ${other.nodeId}`);
  await measure(direct, forwarded, 4, 100);
  report(`sequential: ${REQUESTS} requests each way, one at a time`, await measure(direct, forwarded, 1, REQUESTS));
  report(
    `concurrent: ${REQUESTS} requests each way from ${CONCURRENCY} clients`,
    await measure(direct, forwarded, CONCURRENCY, Math.ceil(REQUESTS / CONCURRENCY)),
  );
});
