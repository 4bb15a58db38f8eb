import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { formatLogLine, paintFor, prefix } from './log-format.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface NodeSpec {
  /** 1-based, as a person types it: `kill 2`. */
  n: number;
  nodeId: string;
  port: number;
  url: string;
}

export type NodeState = 'starting' | 'running' | 'paused' | 'stopping' | 'down';

export interface NodeSet {
  readonly specs: readonly NodeSpec[];
  spec(n: number): NodeSpec | undefined;
  state(n: number): NodeState;
  pid(n: number): number | undefined;
  /** How the node's last process ended, e.g. "killed by SIGKILL". */
  lastExit(n: number): string | undefined;
  /** Starts node n and resolves once it answers (or has exited). */
  start(n: number): Promise<void>;
  signal(n: number, sig: NodeJS.Signals): void;
  /** SIGTERM to every node (each drains and leaves), then waits for all of them. */
  stopAll(): Promise<void>;
  /** The headers /api/cluster, /api/cluster/owner/:id and /metrics want: the nodes' OPS_TOKEN. */
  readonly opsHeaders: Record<string, string>;
}

interface Running {
  child: ChildProcess;
  state: NodeState;
  exit: Promise<void>;
}

export interface NodeSetOptions {
  databaseUrl: string;
  basePort: number;
  count: number;
  print(text: string): void;
  /** Extra environment for every node (e.g. LOG_LEVEL=warn for measurements). */
  env?: Record<string, string>;
}

/**
 * The node processes: `node --import tsx src/main.ts`, one per port, each in its own process
 * group so a Ctrl-C reaches only this script, which then stops the nodes in order.
 */
export function createNodeSet(opts: NodeSetOptions): NodeSet {
  const specs: NodeSpec[] = Array.from({ length: opts.count }, (_, i) => ({
    n: i + 1,
    nodeId: `node-${i + 1}`,
    port: opts.basePort + i,
    url: `http://127.0.0.1:${opts.basePort + i}`,
  }));
  const width = Math.max(...specs.map((s) => s.nodeId.length));
  // The nodes sign what they forward to each other with one secret, and keep their operations
  // endpoints behind a token: fresh for each run unless the environment sets them.
  const secrets = {
    CLUSTER_SECRET: process.env.CLUSTER_SECRET || randomBytes(32).toString('base64url'),
    OPS_TOKEN: process.env.OPS_TOKEN || randomBytes(24).toString('base64url'),
  };
  const running = new Map<number, Running>();
  const exits = new Map<number, string>();
  // Whatever happens to this script, no node outlives it.
  process.on('exit', () => {
    for (const r of running.values()) r.child.kill('SIGKILL');
  });

  function pipeLines(spec: NodeSpec, stream: NodeJS.ReadableStream): void {
    const lead = prefix(spec.nodeId, paintFor(spec.n - 1), width);
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const text = formatLogLine(line);
        if (text !== null) opts.print(lead + text);
      }
    });
  }

  function spawnNode(spec: NodeSpec): Running {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: opts.databaseUrl,
        PORT: String(spec.port),
        NODE_ID: spec.nodeId,
        // Seeding takes a lock and runs only on an empty database: the first node to get there seeds.
        SEED: 'demo',
        LOG_LEVEL: process.env.LOG_LEVEL || 'info',
        ...secrets,
        ...opts.env,
      },
    });
    pipeLines(spec, child.stdout!);
    pipeLines(spec, child.stderr!);
    const entry: Running = {
      child,
      state: 'starting',
      exit: new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          const how = signal ? `killed by ${signal}` : code === 0 ? 'stopped' : `exited with code ${code}`;
          exits.set(spec.n, how);
          running.delete(spec.n);
          opts.print(`${prefix(spec.nodeId, paintFor(spec.n - 1), width)}${how}`);
          resolve();
        }),
      ),
    };
    return entry;
  }

  async function waitUntilUp(spec: NodeSpec, entry: Running): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (running.get(spec.n) === entry && Date.now() < deadline) {
      const res = await fetch(`${spec.url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
      if (res?.ok) {
        if (entry.state === 'starting') entry.state = 'running';
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return {
    specs,
    opsHeaders: { authorization: `Bearer ${secrets.OPS_TOKEN}` },
    spec: (n) => specs[n - 1],
    state: (n) => running.get(n)?.state ?? 'down',
    pid: (n) => running.get(n)?.child.pid,
    lastExit: (n) => exits.get(n),
    async start(n) {
      const spec = specs[n - 1];
      if (!spec) throw new Error(`there is no node ${n}`);
      if (running.has(n)) throw new Error(`${spec.nodeId} is already running`);
      const entry = spawnNode(spec);
      running.set(n, entry);
      await waitUntilUp(spec, entry);
    },
    signal(n, sig) {
      const entry = running.get(n);
      if (!entry) throw new Error(`node-${n} is not running`);
      if (sig === 'SIGTERM' && entry.state === 'paused') entry.child.kill('SIGCONT');
      entry.child.kill(sig);
      if (sig === 'SIGSTOP') entry.state = 'paused';
      else if (sig === 'SIGCONT') entry.state = 'running';
      else if (sig === 'SIGTERM') entry.state = 'stopping';
    },
    async stopAll() {
      const all = [...running.values()];
      for (const entry of all) {
        if (entry.state === 'paused') entry.child.kill('SIGCONT');
        if (entry.state !== 'stopping') entry.child.kill('SIGTERM');
        entry.state = 'stopping';
      }
      const force = setTimeout(() => all.forEach((e) => e.child.kill('SIGKILL')), 20_000);
      await Promise.all(all.map((e) => e.exit));
      clearTimeout(force);
    },
  };
}
