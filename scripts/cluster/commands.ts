import type { ClusterDatabase } from './database.js';
import type { NodeSet } from './nodes.js';
import { statusReport } from './status.js';

export const HELP = [
  'kill N     SIGKILL node N: it dies at once; its shows move once its lease lapses',
  'stop N     SIGTERM node N: it drains its shows, leaves the cluster and exits',
  'start N    start node N again (same id and port)',
  'pause N    SIGSTOP node N (frozen past its lease, it must not commit anything when resumed)',
  'resume N   SIGCONT node N',
  "status     members, leases, live shows per node, each node's ring, owners of the demo shows",
  'db-failover  with --standby: SIGKILL the PostgreSQL primary and promote the standby; the nodes follow',
  'help       this list',
  'Ctrl-C     stop every node, then PostgreSQL',
];

const SIGNALS: Record<string, NodeJS.Signals> = {
  kill: 'SIGKILL',
  stop: 'SIGTERM',
  pause: 'SIGSTOP',
  resume: 'SIGCONT',
};

/** Runs one typed command; returns the lines to print. */
export async function runCommand(line: string, nodes: NodeSet, database: ClusterDatabase): Promise<string[]> {
  const [word = '', arg, ...extra] = line.trim().split(/\s+/);
  if (word === '') return [];
  if (word === 'help' || word === '?') return HELP;
  if (word === 'status') return [...database.describe(), ...(await statusReport(nodes))];
  if (word === 'db-failover') return dbFailover(database);
  const n = Number(arg);
  const spec = nodes.spec(n);
  if (!(word in SIGNALS) && word !== 'start') return [`unknown command "${word}"; type help`];
  if (!spec || extra.length > 0) return [`usage: ${word} N, with N from 1 to ${nodes.specs.length}`];
  try {
    if (word === 'start') {
      await nodes.start(n);
      return nodes.state(n) === 'running'
        ? [`${spec.nodeId} is up at ${spec.url}`]
        : [`${spec.nodeId} did not come up`];
    }
    nodes.signal(n, SIGNALS[word]!);
    return [`sent ${SIGNALS[word]} to ${spec.nodeId}`];
  } catch (err) {
    return [(err as Error).message];
  }
}

async function dbFailover(database: ClusterDatabase): Promise<string[]> {
  if (!database.failOver) return ['there is no standby: start the cluster with --standby'];
  try {
    const ms = await database.failOver();
    return [
      `primary killed (SIGKILL) and standby promoted in ${ms.toFixed(0)} ms; the nodes' new sessions go to it`,
      ...database.describe(),
    ];
  } catch (err) {
    return [`db-failover: ${(err as Error).message}`];
  }
}
