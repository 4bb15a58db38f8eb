import pc from 'picocolors';
import type { NodeSet } from './nodes.js';

/** Demo shows worth watching as nodes come and go (see the README's table). */
export const DEMO_SHOWS = ['concert_2025', 'movie-last-orbit-berlin', 'aurora-skies-london', 'ice-berlin-munich'];

interface ClusterView {
  self: string;
  healthy: boolean;
  ringVersion: string;
  nodes: { nodeId: string; url: string; leaseAgeMs: number; leaseExpiresInMs: number | null; shows: number }[];
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T | null> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Who owns each show, as the node at `url` sees the ring (`headers` carry the nodes' OPS_TOKEN). */
export async function ownersOf(
  url: string,
  showIds: readonly string[],
  headers: Record<string, string>,
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  await Promise.all(
    showIds.map(async (id) => {
      const body = await getJson<{ owner: { nodeId: string } | null }>(
        `${url}/api/cluster/owner/${encodeURIComponent(id)}`,
        headers,
      );
      owners.set(id, body?.owner?.nodeId ?? '(nobody)');
    }),
  );
  return owners;
}

export function ownersTable(owners: Map<string, string>): string[] {
  const width = Math.max(...[...owners.keys()].map((id) => id.length));
  return [...owners].map(([id, owner]) => `  ${id.padEnd(width)}  ->  ${owner}`);
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

/**
 * Members with their leases and live shows, each node's view of the ring (they agree once
 * membership has settled), and the owners of the demo shows.
 */
export async function statusReport(nodes: NodeSet): Promise<string[]> {
  const views = await Promise.all(
    nodes.specs.map((s) =>
      nodes.state(s.n) === 'running' ? getJson<ClusterView>(`${s.url}/api/cluster`, nodes.opsHeaders) : null,
    ),
  );
  const firstIndex = views.findIndex((v) => v !== null);
  const first = views[firstIndex];
  const lines = [pc.bold('node     process              member  lease age  expires in  live shows  ring')];
  for (const [i, spec] of nodes.specs.entries()) {
    const state = nodes.state(spec.n);
    const proc =
      state === 'down' ? `down (${nodes.lastExit(spec.n) ?? 'never started'})` : `${state} pid ${nodes.pid(spec.n)}`;
    const member = first?.nodes.find((m) => m.nodeId === spec.nodeId);
    const view = views[i];
    const ring = view ? `${view.ringVersion}${view.healthy ? '' : pc.red(' (lease not renewed)')}` : '-';
    lines.push(
      `${spec.nodeId.padEnd(8)} ${proc.padEnd(20)} ${(member ? 'yes' : 'no').padEnd(7)} ` +
        `${seconds(member?.leaseAgeMs ?? null).padEnd(10)} ${seconds(member?.leaseExpiresInMs ?? null).padEnd(11)} ` +
        `${String(member?.shows ?? '-').padEnd(11)} ${ring}`,
    );
  }
  if (!first) return [...lines, 'No node answers; start one with `start 1`.'];
  lines.push(`as ${first.self} sees it; owners of the demo shows:`);
  lines.push(...ownersTable(await ownersOf(nodes.specs[firstIndex]!.url, DEMO_SHOWS, nodes.opsHeaders)));
  return lines;
}

/** Waits (briefly) until every running node lists the same members, so the owners printed are settled. */
export async function settle(nodes: NodeSet): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const up = nodes.specs.filter((s) => nodes.state(s.n) === 'running');
    const versions = await Promise.all(
      up.map(async (s) => {
        const res = await fetch(`${s.url}/api/cluster`, {
          headers: nodes.opsHeaders,
          signal: AbortSignal.timeout(2000),
        }).catch(() => null);
        const body = res?.ok ? ((await res.json()) as { ringVersion: string; nodes: unknown[] }) : null;
        return body && body.nodes.length === up.length ? body.ringVersion : null;
      }),
    );
    if (versions.every((v) => v !== null && v === versions[0])) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
