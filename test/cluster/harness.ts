import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HallLayout } from '../../src/db/schema/index.js';
import { signForward } from '../../src/http/forward-signature.js';
import { findFreePort } from '../../src/net/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Short leases so a dead node drops out in about two seconds; heartbeats well inside them. The nodes
 * share a cluster secret (they sign what they forward) and keep their operations endpoints behind a
 * token, as `npm run cluster` runs them.
 */
export const CLUSTER_ENV = {
  LEASE_SECONDS: '2',
  HEARTBEAT_MS: '250',
  CLUSTER_SECRET: 'cluster-test-secret-cluster-test-secret',
  OPS_TOKEN: 'cluster-test-ops-token',
} as const;
const opsHeaders = { authorization: `Bearer ${CLUSTER_ENV.OPS_TOKEN}` };

/**
 * The headers of a request `fromNode` forwarded, signed with the cluster secret, for a request `call`
 * sends with `body`.
 */
export function forwardedHeaders(
  method: string,
  path: string,
  body: unknown = undefined,
  fromNode = 'node-x',
): Record<string, string> {
  return signForward(CLUSTER_ENV.CLUSTER_SECRET, {
    method,
    target: path,
    body: body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body)),
    by: fromNode,
    clientIp: '127.0.0.1',
    at: Date.now(),
  });
}
export const LEASE_MS = Number(CLUSTER_ENV.LEASE_SECONDS) * 1000;

export const goodCard = { method: 'card', cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' } as const;

/** `rows` rows of `perRow` seats, one category: enough seats that clients race without selling out at once. */
export function gridLayout(rows: number, perRow: number): HallLayout {
  return {
    sections: [
      {
        name: 'Hall',
        kind: 'reserved',
        rows: Array.from({ length: rows }, (_, i) => ({ row: `R${i + 1}`, seats: perRow, category: 'regular' })),
      },
    ],
  };
}

export function seatIdsOf(layout: HallLayout): string[] {
  return layout.sections.flatMap((s) =>
    s.kind === 'reserved' ? s.rows.flatMap((r) => Array.from({ length: r.seats }, (_, i) => `${r.row}-${i + 1}`)) : [],
  );
}

export interface NodeProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the node printed (LOG_LEVEL=warn keeps it short). */
  readonly lines: string[];
  isRunning(): boolean;
  signal(sig: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
  /**
   * SIGTERM (a clean leave: drain, snapshot, deregister) and wait for the exit; SIGKILL after 30 s.
   * Resolves with how the process ended: a clean leave is `{ code: 0, signal: null }`.
   */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Cluster {
  readonly databaseUrl: string;
  node(nodeId: string): NodeProcess;
  running(): NodeProcess[];
  /** Starts a node and waits until it answers; an id started before keeps its port. */
  start(nodeId: string): Promise<NodeProcess>;
  /** Waits until each given node (default: every running one) sees exactly these members and is healthy. */
  waitForMembers(nodeIds: string[], on?: NodeProcess[]): Promise<void>;
  /** SIGKILLs whatever is still running. */
  close(): Promise<void>;
}

/**
 * Real node processes (`src/main.ts`) against one database, as `npm run cluster` runs them. Each is
 * spawned directly as `node --import tsx`, so signals reach the server process itself.
 */
export function createCluster(databaseUrl: string, env: Record<string, string> = {}): Cluster {
  const nodes = new Map<string, NodeProcess>();
  const ports = new Map<string, number>();

  async function start(nodeId: string): Promise<NodeProcess> {
    if (nodes.get(nodeId)?.isRunning()) throw new Error(`${nodeId} is already running`);
    const port = ports.get(nodeId) ?? (await findFreePort());
    ports.set(nodeId, port);
    const node = spawnNode(nodeId, port, {
      ...CLUSTER_ENV,
      DATABASE_URL: databaseUrl,
      SEED: 'none',
      LOG_LEVEL: 'warn',
      // The tests register many users from 127.0.0.1 and hammer holds; limits have their own tests.
      RATE_LIMIT: 'off',
      ...env,
    });
    nodes.set(nodeId, node);
    await waitFor(
      async () => {
        if (!node.isRunning()) throw new Error(`${nodeId} exited while starting:\n${node.lines.join('\n')}`);
        return (await fetch(`${node.url}/healthz`).catch(() => null))?.status === 200;
      },
      90_000,
      `${nodeId} to answer`,
    );
    return node;
  }

  return {
    databaseUrl,
    node(nodeId) {
      const node = nodes.get(nodeId);
      if (!node) throw new Error(`no node ${nodeId}`);
      return node;
    },
    running: () => [...nodes.values()].filter((n) => n.isRunning()),
    start,
    async waitForMembers(nodeIds, on) {
      const expected = [...nodeIds].sort().join(',');
      const targets = on ?? [...nodes.values()].filter((n) => n.isRunning());
      await waitFor(
        async () => {
          const views = await Promise.all(targets.map((n) => clusterView(n.url).catch(() => null)));
          return views.every(
            (v) =>
              v?.healthy &&
              v.nodes
                .map((m) => m.nodeId)
                .sort()
                .join(',') === expected,
          );
        },
        30_000,
        `members ${expected}`,
      );
    },
    async close() {
      for (const node of nodes.values()) {
        if (node.isRunning()) {
          node.signal('SIGKILL');
          await node.exited();
        }
      }
    },
  };
}

function spawnNode(nodeId: string, port: number, env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ID: nodeId, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const verbose = process.env.CLUSTER_TEST_VERBOSE === '1';
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        if (lines.length < 5000) lines.push(line);
        if (verbose) process.stderr.write(`[${nodeId}] ${line}\n`);
      }
    });
  }
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    nodeId,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    lines,
    isRunning,
    signal: (sig) => void child.kill(sig),
    exited: () => exit,
    async stop() {
      if (isRunning()) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exit;
        clearTimeout(timeout);
      }
      return { code: child.exitCode, signal: child.signalCode };
    },
  };
}

export interface ClusterView {
  self: string;
  healthy: boolean;
  ringVersion: string;
  nodes: { nodeId: string; url: string; status: string; leaseAgeMs: number; shows: number }[];
}

export async function clusterView(url: string): Promise<ClusterView> {
  const res = await call(url, 'GET', '/api/cluster', { headers: opsHeaders });
  if (res.status !== 200) throw new Error(`GET /api/cluster: ${res.status}`);
  return res.body as ClusterView;
}

/** The show's owner as `url` sees the ring. */
export async function ownerOf(url: string, showId: string): Promise<string> {
  const res = await call(url, 'GET', `/api/cluster/owner/${encodeURIComponent(showId)}`, { headers: opsHeaders });
  if (res.status !== 200 || !res.body.owner) throw new Error(`no owner for ${showId} at ${url}: ${res.status}`);
  return res.body.owner.nodeId as string;
}

export interface CallResult {
  status: number;
  // Tests read whatever the response holds; the server's own schemas already checked its shape.
  body: any;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One JSON request; throws only when no HTTP answer came (connection refused, reset, timeout). */
export async function call(url: string, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

let registered = 0;

/** Registers customers through `url`; returns their tokens. */
export async function registerUsers(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = registered++;
    const res = await call(url, 'POST', '/api/auth/register', {
      body: {
        email: `cluster-${process.pid}-${Date.now()}-${n}@example.com`,
        password: 'cluster-password',
        name: `C${n}`,
      },
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.push(res.body.token as string);
  }
  return tokens;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
