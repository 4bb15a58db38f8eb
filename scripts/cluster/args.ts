import { parseArgs } from 'node:util';

export interface ClusterArgs {
  nodes: number;
  /** node-1 listens here, node-2 on the next port, and so on. */
  port: number;
  /** Also run a synchronous standby of the embedded PostgreSQL (see `db-failover`). */
  standby: boolean;
  help: boolean;
}

export const USAGE = `npm run cluster -- [--nodes N] [--port P] [--standby]

  Starts PostgreSQL (embedded in DATA_DIR, default ./.data-cluster, unless DATABASE_URL is set),
  migrates it once, then N booking nodes (node-1..node-N) on ports P, P+1, ... (defaults: 3 nodes
  from port 4001; at most 8 nodes, each keeps a pool of about 20 connections). Type help while it
  runs for the commands; Ctrl-C stops everything.

  --standby also starts a synchronous streaming standby of the embedded PostgreSQL (in
  DATA_DIR/standby, copied from the primary at every start); the nodes connect to both with
  target_session_attrs=read-write, and the db-failover command kills the primary and promotes it.`;

export function parseClusterArgs(argv: string[]): ClusterArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string', short: 'n', default: '3' },
      port: { type: 'string', short: 'p', default: '4001' },
      standby: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const nodes = Number(values.nodes);
  const port = Number(values.port);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 8) throw new Error('--nodes must be a whole number from 1 to 8');
  if (!Number.isInteger(port) || port < 1 || port + nodes - 1 > 65535)
    throw new Error('--port must be a free port number');
  return { nodes, port, standby: values.standby, help: values.help };
}
