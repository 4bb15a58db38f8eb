import { journalReader } from '../../db/show-storage/index.js';
import { createRoute } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { loadShowHistory } from '../../actors/runtime/history.js';
import type { LocalShowRuntime } from '../../actors/runtime/index.js';
import type { CommittedChange, ShowRuntime } from '../../actors/runtime/types.js';
import { showMachine, stateString } from '../../actors/show/index.js';
import type { ShowContext } from '../../actors/show/types.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems, ShowIdParam } from '../schemas/common.js';
import {
  HistoryQuery,
  HistoryView,
  InspectorSnapshot,
  LiveQuery,
  LiveView,
  MachineDefinition,
  type LiveNode,
} from '../schemas/inspector.js';
import { CONTENT_SECURITY_POLICY } from '../web/content-security-policy.js';
import { inspectorAssets } from '../web/inspector/assets.js';
import { serveAsset } from '../web/static-assets.js';
import { journalPosition, showTitles, userNames } from '../web/inspector/lookups.js';
import { describeMachine } from '../web/inspector/machine-definition.js';
import { renderInspectorPage } from '../web/inspector/page.js';
import { historyView, liveShowView, snapshotView, usersInContext, usersInHistory } from '../web/inspector/views.js';

const HEARTBEAT_MS = 15_000;
/**
 * Batches a stream may fall behind by before the oldest are dropped (and the client told how many):
 * a hot show commits hundreds of batches a second, and a slow admin browser must not hold them all.
 */
const STREAM_BACKLOG = 500;
/** A member slower than this is listed as unreachable rather than holding up the whole list. */
const MEMBER_TIMEOUT_MS = 3_000;

const adminOnly = requireAdmin();
const tags = ['inspector'];

const liveRoute = createRoute({
  method: 'get',
  path: '/api/inspector/live',
  tags,
  summary: 'Live show actors on every node of the cluster: owner, state, counts, queue depth',
  security: bearer,
  middleware: [adminOnly],
  request: { query: LiveQuery },
  responses: {
    200: { description: 'Live shows by node', content: { 'application/json': { schema: LiveView } } },
    ...problems(401, 403),
  },
});

const definitionRoute = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/inspector/definition',
  tags,
  summary: "The show machine's states and transitions, read from the machine the owner runs",
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'The statechart', content: { 'application/json': { schema: MachineDefinition } } },
    ...problems(401, 403),
  },
});

const snapshotRoute = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/inspector/snapshot',
  tags,
  summary: "The live actor's state and context made readable (activates the show)",
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'The snapshot', content: { 'application/json': { schema: InspectorSnapshot } } },
    ...problems(401, 403, 404, 503),
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/inspector/history',
  tags,
  summary: 'The latest journal steps replayed from the database: event, state after, what changed',
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam, query: HistoryQuery },
  responses: {
    200: { description: 'The history', content: { 'application/json': { schema: HistoryView } } },
    ...problems(400, 401, 403, 404, 503),
  },
});

const streamRoute = createRoute({
  method: 'get',
  path: '/api/shows/{showId}/inspector/stream',
  tags,
  summary:
    'Server-Sent Events: `hello`, then `steps` after every committed batch (every command, refusals too); `gap` when a slow reader missed batches',
  security: bearer,
  middleware: [adminOnly],
  request: { params: ShowIdParam },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
    ...problems(401, 403, 404),
  },
});

type InspectableRuntime = ShowRuntime & Pick<LocalShowRuntime, 'describeLive' | 'inspect'>;

/** The inspector reads the process's own actors, which only the local runtime exposes. */
function inspectable(runtime: ShowRuntime): InspectableRuntime {
  const r = runtime as Partial<InspectableRuntime>;
  if (typeof r.describeLive !== 'function' || typeof r.inspect !== 'function') {
    throw new ApiError('not_implemented', 501, 'This runtime cannot be inspected');
  }
  return runtime as InspectableRuntime;
}

function stepsMessage(change: CommittedChange) {
  return {
    seq: change.seq,
    summary: change.summary,
    steps: change.steps.map((s) => ({
      seq: s.seq,
      at: new Date(s.event.now).toISOString(),
      event: s.event,
      state: s.state,
      outcomes: s.outcomes,
    })),
  };
}

/**
 * The statechart inspector: its page at /inspect and its admin-only API. Per-show endpoints live
 * under /api/shows/:showId/, so the forwarding middleware sends them to the show's owner.
 */
export function inspectorRoutes(deps: Pick<AppDeps, 'db' | 'runtime' | 'nodeId' | 'placement'>) {
  const { db, runtime, nodeId, placement } = deps;
  const assets = inspectorAssets();
  const definition = describeMachine(showMachine);

  async function localNode(): Promise<LiveNode> {
    const live = inspectable(runtime).describeLive();
    const titles = await showTitles(
      db,
      live.map((s) => s.showId),
    );
    return {
      nodeId,
      url: placement?.url ?? '',
      status: 'self',
      error: null,
      shows: live.map((s) => liveShowView(s, nodeId, titles.get(s.showId))),
    };
  }

  async function remoteNode(member: { nodeId: string; url: string }, authorization: string): Promise<LiveNode> {
    const down = (error: string): LiveNode => ({ ...member, status: 'unreachable', error, shows: [] });
    try {
      const res = await fetch(new URL('/api/inspector/live?local=1', member.url), {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(MEMBER_TIMEOUT_MS),
      });
      if (res.status !== 200) return down(`answered ${res.status}`);
      const parsed = LiveView.safeParse(await res.json());
      const node = parsed.success ? parsed.data.nodes.find((n) => n.nodeId === member.nodeId) : undefined;
      if (!node) return down('answered something other than its live shows');
      return { ...node, url: member.url, status: 'live' };
    } catch (err) {
      return down(err instanceof Error ? err.message : String(err));
    }
  }

  const router = createRouter();
  // The page and its modules are public: they hold no data, and the page asks for an admin sign-in.
  router.get('/inspect', async (c) =>
    c.html(await renderInspectorPage(), 200, {
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'same-origin',
      'cache-control': 'no-cache',
    }),
  );
  router.get('/inspect/assets/:file', (c) => {
    const asset = assets.get(c.req.param('file'));
    return asset ? serveAsset(c, asset) : c.notFound();
  });
  return router
    .openapi(liveRoute, async (c) => {
      const { local } = c.req.valid('query');
      const self = await localNode();
      const others =
        local === '1' || !placement
          ? []
          : await Promise.all(
              placement
                .members()
                .filter((m) => m.nodeId !== nodeId)
                .map((m) => remoteNode(m, c.req.header('authorization') ?? '')),
            );
      return c.json({ self: nodeId, generatedAt: new Date().toISOString(), nodes: [self, ...others] }, 200);
    })
    .openapi(definitionRoute, (c) => c.json(definition, 200))
    .openapi(snapshotRoute, async (c) => {
      const { showId } = c.req.valid('param');
      const rt = inspectable(runtime);
      const persisted = await rt.inspect(showId);
      // The context's holds are updated in place by later commands: read everything needed now.
      const context = (persisted as { context: ShowContext }).context;
      const userIds = usersInContext(context);
      const live = rt.describeLive().find((s) => s.showId === showId);
      const frozen = JSON.parse(JSON.stringify(persisted)) as unknown;
      const [users, position, titles] = await Promise.all([
        userNames(db, userIds),
        journalPosition(db, showId),
        showTitles(db, [showId]),
      ]);
      const view = snapshotView({
        persisted: frozen,
        title: titles.get(showId),
        machineId: showMachine.id,
        nodeId,
        live,
        position,
        users,
        now: Date.now(),
      });
      return c.json(view, 200);
    })
    .openapi(historyRoute, async (c) => {
      const { showId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      // Activating the show answers 404 for an unknown one and makes sure it has a snapshot.
      const summary = await runtime.summary(showId);
      const history = await loadShowHistory(journalReader(db), showId, { limit });
      if (!history) throw new ApiError('not_found', 404, `Show ${summary.showId} has no journal yet`);
      const persisted = (await inspectable(runtime).inspect(showId)) as { context: ShowContext };
      const users = await userNames(db, usersInHistory(history));
      return c.json(historyView(history, users, persisted.context.layout.currency), 200);
    })
    .openapi(streamRoute, async (c) => {
      const { showId } = c.req.valid('param');
      const rt = inspectable(runtime);
      const first = (await rt.inspect(showId)) as { value: unknown };
      return streamSSE(c, async (sse) => {
        const queue: (CommittedChange | 'heartbeat')[] = [];
        let dropped = 0;
        let wake: (() => void) | null = null;
        const push = (item: CommittedChange | 'heartbeat') => {
          queue.push(item);
          if (queue.length > STREAM_BACKLOG) {
            queue.shift();
            dropped++;
          }
          wake?.();
        };
        const leave = runtime.subscribe(showId, push);
        const heartbeat = setInterval(() => push('heartbeat'), HEARTBEAT_MS);
        let closed = false;
        sse.onAbort(() => {
          closed = true;
          wake?.();
        });
        try {
          const live = rt.describeLive().find((s) => s.showId === showId);
          await sse.writeSSE({
            event: 'hello',
            data: JSON.stringify({
              showId,
              nodeId,
              epoch: live?.epoch ?? null,
              lastSeq: live?.lastSeq ?? null,
              state: live?.summary.state ?? stateString(first.value),
              serverNow: new Date().toISOString(),
            }),
          });
          while (!closed) {
            if (dropped > 0) {
              await sse.writeSSE({ event: 'gap', data: JSON.stringify({ droppedBatches: dropped }) });
              dropped = 0;
            }
            const next = queue.shift();
            if (!next) {
              await new Promise<void>((resolve) => (wake = resolve));
              wake = null;
              continue;
            }
            if (next === 'heartbeat') await sse.write(': heartbeat\n\n');
            else await sse.writeSSE({ event: 'steps', data: JSON.stringify(stepsMessage(next)) });
          }
        } finally {
          clearInterval(heartbeat);
          leave();
        }
      });
    });
}
