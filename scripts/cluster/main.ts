/**
 * `npm run cluster -- --nodes 3 [--standby]`: one PostgreSQL (and a synchronous standby), N booking nodes on consecutive ports, their logs
 * colour-prefixed in one terminal, and commands to kill, stop, pause and start nodes while watching
 * their shows move. Ctrl-C (or the end of stdin) stops every node, then PostgreSQL.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import pc from 'picocolors';
import { parseClusterArgs, USAGE, type ClusterArgs } from './args.js';
import { HELP, runCommand } from './commands.js';
import { dataDir, startDatabase } from './database.js';
import { createNodeSet } from './nodes.js';
import { DEMO_SHOWS, ownersOf, ownersTable, settle } from './status.js';
import { createTerminal } from './terminal.js';

function readArgs(): ClusterArgs {
  try {
    return parseClusterArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = readArgs();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const term = createTerminal();
  term.print(
    process.env.DATABASE_URL
      ? 'PostgreSQL: DATABASE_URL'
      : `PostgreSQL: embedded, in ${path.resolve(dataDir())} (the first start creates it)`,
  );
  const pg = await startDatabase(
    {
      debug: () => {},
      info: (m) => term.print(pc.dim(`postgres │ ${m}`)),
      warn: (m) => term.print(pc.yellow(`postgres │ ${m}`)),
    },
    dataDir(),
    { standby: args.standby },
  );
  for (const line of pg.describe()) term.print(line);
  term.print('PostgreSQL is up and migrated; starting the nodes...');
  const nodes = createNodeSet({ databaseUrl: pg.url, basePort: args.port, count: args.nodes, print: term.print });

  let stopping: Promise<void> | null = null;
  const shutdown = () =>
    (stopping ??= (async () => {
      term.print('Stopping every node, then PostgreSQL...');
      await nodes.stopAll();
      await pg.stop();
      term.print('All stopped.');
      process.exit(0);
    })());
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await Promise.all(nodes.specs.map((s) => nodes.start(s.n)));
  if (stopping) return;
  await settle(nodes);
  const up = nodes.specs.filter((s) => nodes.state(s.n) === 'running');
  term.print('');
  term.print(pc.bold(`${up.length} of ${nodes.specs.length} nodes up:`));
  for (const s of nodes.specs) term.print(`  ${s.nodeId}  ${s.url}  ${nodes.state(s.n)}`);
  if (up[0]) {
    term.print(pc.bold('Owners of some demo shows (any node serves any request; it forwards to the owner):'));
    for (const line of ownersTable(await ownersOf(up[0].url, DEMO_SHOWS, nodes.opsHeaders))) term.print(line);
    term.print(`  try: curl -si ${up[0].url}/api/shows/concert_2025 | grep x-served-by`);
  }
  term.print('');
  for (const line of HELP) term.print(pc.dim(`  ${line}`));

  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: process.stdout.isTTY ? 'cluster> ' : '',
  });
  term.attach(rl);
  rl.on('line', (line) => {
    void runCommand(line, nodes, pg).then((lines) => {
      for (const l of lines) term.print(l);
      rl.prompt();
    });
  });
  // In a terminal, readline takes Ctrl-C itself; piped input ends with 'close'.
  rl.on('SIGINT', () => void shutdown());
  rl.on('close', () => void shutdown());
  rl.prompt();
}

main().catch((err) => {
  console.error(`cluster: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
