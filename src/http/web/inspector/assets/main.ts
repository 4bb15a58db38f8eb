// The inspector page: admin sign-in, the live shows of every node, and for one show its statechart,
// context, live event stream and history. Per-show calls go to /api/shows/:id/inspector/..., which
// any node forwards to the show's owner.

// The site's API client and sign-in, one copy for both: from /inspect/assets/, ../../assets/js/ is
// /assets/js/, the same folder on disk as in URLs.
import { api, ApiProblem, readEvents } from '../../assets/js/api.js';
import { getToken, setToken } from '../../assets/js/token-store.js';
import type {
  HistoryView,
  InspectorSnapshot,
  LiveView,
  MachineDefinition,
  Me,
} from '../../assets/js/api-types.js';
import { createHistory } from './history.js';
import { showTime } from '../../assets/js/zoned-time.js';
import {
  clock,
  createSeatGrid,
  h,
  payloadType,
  renderActor,
  renderCounts,
  renderHolds,
  renderWaitlist,
  shortId,
  tickCountdowns,
  venueZone,
  viewerZone,
} from './panels.js';
import { createRoomPanel } from './room.js';
import { createStatechart, type Statechart, type Taken } from './statechart.js';
import type { GaCounts, SeatGrid } from './panels.js';
import { inspectorIds } from '../../assets/js/element-ids.js';

type LiveShow = LiveView['nodes'][number]['shows'][number];
/** One step as the stream and the journal tell it: a refused command has no seq. */
interface Step {
  seq: number | null;
  at: string;
  event: Record<string, unknown>;
  state: string;
  outcomes: Record<string, unknown>[];
}

/** The page's element with this id (page.tsx renders them all), of the type the code needs. */
function $<T extends HTMLElement = HTMLElement>(id: string, type?: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!found || !(found instanceof (type ?? HTMLElement))) throw new Error(`the inspector page has no #${id}`);
  return found as T;
}
const LIVE_EVERY_MS = 3000;
const STREAM_KEEP = 200;

interface View {
  showId: string | null;
  chart: Statechart | null;
  grid: SeatGrid | null;
  snapshot: InspectorSnapshot | null;
  titles: Map<string, string>;
  skew: number;
  stream: AbortController | null;
  liveState: string | null;
  taken: Taken | null;
  firstStreamSeq: number | null;
  backfilled: boolean;
  historySeq: number | null;
  liveTimer: ReturnType<typeof setTimeout> | undefined;
  live: LiveView | null;
  zoom: number;
}

const view: View = {
  showId: null,
  chart: null,
  grid: null,
  snapshot: null,
  titles: new Map(),
  /** Server time minus local time, so countdowns match the server's deadlines. */
  skew: 0,
  stream: null,
  liveState: null,
  taken: null,
  /** Lowest journal seq the stream has shown, so the journal's older steps fill in below it once. */
  firstStreamSeq: null,
  backfilled: false,
  /** The journal seq of the history shown, so an answer that overtook a newer one is dropped. */
  historySeq: null,
  liveTimer: undefined,
  /** The last live list answer, redrawn when a newer snapshot of the selected show arrives. */
  live: null,
  zoom: 1,
};

const serverNow = (): number => Date.now() + view.skew;
/** The selected show's venue zone: every time of the show is written on its clock. */
const showZone = (): string => venueZone(view.snapshot);
const showPath = (showId: string, rest: string): string => `/api/shows/${encodeURIComponent(showId)}/inspector/${rest}`;

const history = createHistory(
  {
    slider: $(inspectorIds.historySlider, HTMLInputElement),
    first: $(inspectorIds.historyFirst, HTMLButtonElement),
    prev: $(inspectorIds.historyPrev, HTMLButtonElement),
    next: $(inspectorIds.historyNext, HTMLButtonElement),
    live: $(inspectorIds.historyLive, HTMLButtonElement),
    range: $(inspectorIds.historyRange),
    step: $(inspectorIds.step),
  },
  () => {
    drawChart();
    drawGrid();
  },
);

// ---- session: the web site's own sign-in; the inspector has none of its own

function showLogin(message?: string): void {
  stopShow();
  clearTimeout(view.liveTimer);
  $(inspectorIds.app).hidden = true;
  $(inspectorIds.login).hidden = false;
  $(inspectorIds.logout).hidden = true;
  $(inspectorIds.adminLink).hidden = true;
  $(inspectorIds.whoami).textContent = '';
  $(inspectorIds.loginError).textContent = message ?? '';
  const link = $(inspectorIds.loginLink, HTMLAnchorElement);
  link.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  link.focus();
}

/** 401: not signed in on the site (or signed out since); 403: signed in, but not as an admin. */
function handleAuthError(err: unknown): boolean {
  if (!(err instanceof ApiProblem) || (err.status !== 401 && err.status !== 403)) return false;
  showLogin(
    err.status === 401
      ? 'Your sign-in has ended: log in on the site again.'
      : 'Admins only: log in on the site with an admin account.',
  );
  return true;
}

/** The message of whatever was thrown, for the page. */
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function checkSession(): Promise<void> {
  if (!getToken()) return showLogin('Log in on the site with an admin account to open the inspector.');
  try {
    const me = await api<Me>('/api/me');
    if (me.role !== 'admin') {
      return showLogin(`${me.email} is not an admin: the inspector is for admins only.`);
    }
    $(inspectorIds.login).hidden = true;
    $(inspectorIds.app).hidden = false;
    $(inspectorIds.logout).hidden = false;
    $(inspectorIds.adminLink).hidden = false;
    $(inspectorIds.whoami).textContent = `${me.name} · ${me.email}`;
    refreshLive();
    selectShow(new URL(location.href).searchParams.get('show'), false);
  } catch (err) {
    if (!handleAuthError(err)) showLogin(messageOf(err));
  }
}

$(inspectorIds.logout).addEventListener('click', async () => {
  await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
  setToken(null);
  showLogin('Signed out.');
});

// ---- live shows across the cluster

async function refreshLive(): Promise<void> {
  clearTimeout(view.liveTimer);
  if (!document.hidden) {
    try {
      renderLive(await api<LiveView>('/api/inspector/live'));
    } catch (err) {
      if (handleAuthError(err)) return;
      $(inspectorIds.liveList).replaceChildren(h('p', { class: 'error' }, messageOf(err)));
    }
  }
  view.liveTimer = setTimeout(refreshLive, LIVE_EVERY_MS);
}

/**
 * The selected show as its newest snapshot tells it, so the list and the panels agree: the list is
 * polled every few seconds, the snapshot follows the stream.
 */
function freshest(s: LiveShow): LiveShow {
  const snap = view.snapshot;
  if (!snap || snap.showId !== s.showId || (snap.journal.inMemorySeq ?? -1) < s.lastSeq) return s;
  const t = snap.totals;
  return {
    ...s,
    state: snap.state,
    available: t.available,
    held: t.held + t.earmarked,
    booked: t.booked,
    capacity: t.available + t.held + t.earmarked + t.booked,
    waitlistLength: t.waitlist,
    epoch: snap.epoch ?? s.epoch,
    lastSeq: snap.journal.inMemorySeq ?? s.lastSeq,
    queueLength: snap.queueLength ?? s.queueLength,
  };
}

function renderLive(live: LiveView): void {
  view.live = live;
  const nodes = live.nodes.map((node) => {
    for (const s of node.shows) if (s.title) view.titles.set(s.showId, s.title);
    const shows = node.shows.map(freshest).sort((a, b) => a.showId.localeCompare(b.showId));
    return h(
      'section',
      { class: `node ${node.status}` },
      h('h3', {}, h('code', {}, node.nodeId), ' ', h('span', { class: `badge ${node.status}` }, node.status)),
      node.error ? h('p', { class: 'error' }, node.error) : '',
      shows.length === 0 && !node.error ? h('p', { class: 'none' }, 'no live shows') : '',
      h(
        'ul',
        {},
        shows.map((s) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: `?show=${encodeURIComponent(s.showId)}`,
                class: `live-show${s.showId === view.showId ? ' selected' : ''}`,
                dataset: { show: s.showId, state: s.state },
              },
              h('span', { class: 'title' }, s.title ?? s.showId),
              s.startsAt ? h('time', { class: 'starts', datetime: s.startsAt }, showTime(s.startsAt, venueZone(s))) : '',
              h('code', { class: 'id' }, s.showId),
              h('span', { class: `state ${s.state.replace('.', '-')}` }, s.state),
              h(
                'span',
                { class: 'nums' },
                `${s.available} free · ${s.held} held · ${s.booked} booked / ${s.capacity}`,
                s.waitlistLength ? ` · ${s.waitlistLength} waiting` : '',
              ),
              h('span', { class: 'nums' }, `epoch ${s.epoch} · seq ${s.lastSeq} · queue ${s.queueLength}`),
            ),
          ),
        ),
      ),
    );
  });
  $(inspectorIds.liveList).replaceChildren(
    ...nodes,
    h('p', { class: 'meta' }, `as of ${clock(live.generatedAt, viewerZone)} from ${live.self}`),
  );
}

$(inspectorIds.liveList).addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-show]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.dataset.show === undefined) return;
  event.preventDefault();
  selectShow(link.dataset.show);
});

$(inspectorIds.openForm).addEventListener('submit', (event) => {
  event.preventDefault();
  const id = $(inspectorIds.openShow, HTMLInputElement).value.trim();
  if (id) selectShow(id);
});

window.addEventListener('popstate', () => selectShow(new URL(location.href).searchParams.get('show'), false));

// ---- one show

const room = createRoomPanel($(inspectorIds.chart).closest('section') ?? $(inspectorIds.chart), {
  onAuthError: (err) => handleAuthError(err),
  timeZone: showZone,
});

function stopShow(): void {
  room.stop();
  view.stream?.abort();
  view.stream = null;
  snapshots.cancel();
  histories.cancel();
}

async function selectShow(showId: string | null, push = true): Promise<void> {
  stopShow();
  view.showId = showId;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a.live-show')) a.classList.toggle('selected', a.dataset.show === showId);
  if (push) window.history.pushState({}, '', showId ? `?show=${encodeURIComponent(showId)}` : location.pathname);
  if (!showId) {
    $(inspectorIds.empty).hidden = false;
    $(inspectorIds.showView).hidden = true;
    return;
  }
  document.title = `${showId} · inspector`;
  $(inspectorIds.empty).hidden = true;
  $(inspectorIds.showView).hidden = false;
  room.follow(showId);
  $(inspectorIds.showTitle).textContent = view.titles.get(showId) ?? showId;
  $(inspectorIds.showMeta).textContent = 'loading…';
  $(inspectorIds.stream).replaceChildren();
  $(inspectorIds.chart).replaceChildren();
  $(inspectorIds.chartCaption).textContent = '';
  history.clear();
  try {
    const [definition, snapshot] = await Promise.all([
      api<MachineDefinition>(showPath(showId, 'definition')),
      api<InspectorSnapshot>(showPath(showId, 'snapshot')),
    ]);
    if (view.showId !== showId) return;
    view.snapshot = null;
    view.chart = createStatechart($(inspectorIds.chart), definition);
    setZoom(view.zoom);
    view.grid = createSeatGrid($(inspectorIds.grid), $(inspectorIds.gridHover), snapshot.grid);
    view.liveState = snapshot.state;
    view.taken = null;
    view.firstStreamSeq = null;
    view.backfilled = false;
    view.historySeq = null;
    applySnapshot(snapshot);
    startStream(showId);
    loadHistory(showId);
    // Opening a show wakes it, so the list is out of date now.
    refreshLive();
  } catch (err) {
    if (handleAuthError(err)) return;
    $(inspectorIds.showMeta).replaceChildren(h('span', { class: 'error' }, `${showId}: ${messageOf(err)}`));
  }
}

function gridData(snapshot: InspectorSnapshot): { rows: string[]; ga: GaCounts[] } {
  const rows: string[] = [];
  for (const section of snapshot.grid) for (const row of section.rows) rows[row.index] = row.seats;
  const ga = snapshot.grid.flatMap((s) => (s.ga ? [{ section: s.section, ...s.ga }] : []));
  return { rows, ga };
}

function applySnapshot(snapshot: InspectorSnapshot): void {
  // Answers can overtake each other; an older one would set the panels back.
  const seq = (s: InspectorSnapshot | null): number => s?.journal.inMemorySeq ?? -1;
  if (view.snapshot?.showId === snapshot.showId && seq(snapshot) < seq(view.snapshot)) return;
  view.snapshot = snapshot;
  view.skew = Date.parse(snapshot.serverNow) - Date.now();
  if (!view.stream || !view.liveState) view.liveState = snapshot.state;
  $(inspectorIds.showTitle).textContent = snapshot.title ?? view.titles.get(snapshot.showId) ?? snapshot.showId;
  $(inspectorIds.showMeta).replaceChildren(
    h('code', {}, snapshot.showId),
    ' · owned by ',
    h('code', {}, snapshot.nodeId),
    ` · epoch ${snapshot.epoch ?? '—'} · machine ${snapshot.machineId} · `,
    h('span', { class: 'state-now' }, snapshot.state),
  );
  renderActor($(inspectorIds.actor), snapshot);
  renderCounts($(inspectorIds.counts), snapshot);
  renderHolds($(inspectorIds.holds), snapshot.holds, venueZone(snapshot));
  renderWaitlist($(inspectorIds.waitlist), snapshot.waitlist, venueZone(snapshot));
  drawGrid();
  drawChart();
  tickCountdowns(document, serverNow());
  if (view.live) renderLive(view.live);
}

function drawChart(): void {
  if (!view.chart) return;
  const step = history.selected;
  const banner = $(inspectorIds.travelBanner);
  if (step) {
    banner.hidden = false;
    banner.replaceChildren(
      `Time travel: after seq ${step.seq} (${clock(step.at, showZone())}), replayed from the journal. `,
      h('button', { type: 'button', id: 'travel-live' }, 'Back to live'),
    );
    $('travel-live').onclick = () => $(inspectorIds.historyLive).click();
    const caption = view.chart.setState(step.state, { from: step.stateBefore, event: payloadType(step.event) });
    $(inspectorIds.chartCaption).textContent = `${step.state} · seq ${step.seq}: ${caption}`;
  } else {
    banner.hidden = true;
    const caption = view.chart.setState(view.liveState, view.taken);
    $(inspectorIds.chartCaption).textContent = caption ? `${view.liveState} · last: ${caption}` : (view.liveState ?? '');
  }
  $(inspectorIds.chart).dataset.state = step ? step.state : (view.liveState ?? '');
}

function drawGrid(): void {
  if (!view.grid || !view.snapshot) return;
  const index = history.selectedIndex;
  if (index !== null && history.selected) {
    const { rows, ga, changed } = history.gridAt(index);
    view.grid.update(rows, ga, changed);
    $(inspectorIds.gridWhen).textContent = `after seq ${history.selected.seq} (outlined: changed by it)`;
  } else {
    const { rows, ga } = gridData(view.snapshot);
    view.grid.update(rows, ga);
    $(inspectorIds.gridWhen).textContent = 'live';
  }
}

// ---- live stream and refreshes

/**
 * A reload that runs at most once at a time, `delay` ms after it is asked for; asked again while it
 * runs, it runs once more afterwards, so the last answer is never older than the last request.
 */
function reloader(delay: number, load: () => Promise<void> | void): { request(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    timer = undefined;
    running = true;
    again = false;
    try {
      await load();
    } finally {
      running = false;
      if (again) request();
    }
  };
  const request = (): void => {
    if (running) again = true;
    else timer ??= setTimeout(run, delay);
  };
  return {
    request,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      again = false;
    },
  };
}

const snapshots = reloader(150, async () => {
  const showId = view.showId;
  if (!showId) return;
  try {
    const snapshot = await api<InspectorSnapshot>(showPath(showId, 'snapshot'));
    if (view.showId === showId) applySnapshot(snapshot);
  } catch (err) {
    handleAuthError(err);
  }
});

const histories = reloader(150, () => (view.showId ? loadHistory(view.showId) : undefined));

const scheduleSnapshot = (): void => snapshots.request();
const scheduleHistory = (): void => histories.request();

async function loadHistory(showId: string): Promise<void> {
  try {
    const data = await api<HistoryView>(`${showPath(showId, 'history')}?limit=50`);
    if (view.showId !== showId || !view.snapshot) return;
    if (view.historySeq !== null && data.lastSeq < view.historySeq) return;
    view.historySeq = data.lastSeq;
    history.load(
      data,
      view.snapshot.grid.map((s) => s.section),
      venueZone(view.snapshot),
    );
    if (!view.backfilled) backfill(data);
    drawChart();
    drawGrid();
  } catch (err) {
    if (!handleAuthError(err)) $(inspectorIds.historyRange).textContent = `history unavailable: ${messageOf(err)}`;
  }
}

function streamEntry(step: Step, fromJournal = false): HTMLLIElement {
  const refused = step.seq === null;
  return h(
    'li',
    {
      class: refused ? 'refused' : fromJournal ? 'past' : '',
      title: fromJournal ? 'from the journal, before this page opened' : undefined,
      dataset: { type: payloadType(step.event) },
    },
    h('span', { class: 'seq' }, refused ? 'refused' : `#${step.seq}`),
    h('span', { class: 'time' }, clock(step.at, showZone())),
    h('code', { class: 'type' }, payloadType(step.event)),
    ' → ',
    h('span', { class: 'to' }, step.state),
    h(
      'span',
      { class: 'outcomes' },
      step.outcomes.map((o) =>
        h('span', { class: `outcome ${/rejected/.test(payloadType(o)) ? 'bad' : ''}` }, payloadType(o)),
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'payload'),
      h('pre', {}, JSON.stringify({ event: step.event, outcomes: step.outcomes }, null, 2)),
    ),
  );
}

/** Once per show: the journal's recent steps under the live ones, and the last of them marked on the chart. */
function backfill(data: HistoryView): void {
  view.backfilled = true;
  const list = $(inspectorIds.stream);
  const firstSeq = view.firstStreamSeq;
  const older = data.steps.filter((s) => firstSeq === null || s.seq < firstSeq).slice(-20);
  for (const step of older.reverse()) list.append(streamEntry(step, true));
  const last = data.steps.at(-1);
  if (!view.taken && last && last.state === view.liveState) {
    view.taken = { from: last.stateBefore, event: payloadType(last.event) };
  }
}

/** The stream's events (GET .../inspector/stream): who answers, how far this page fell behind, new steps. */
interface StreamEvents {
  hello: { nodeId: string };
  gap: { droppedBatches: number };
  steps: { steps: Step[] };
}

function onStream(showId: string, name: string, payload: unknown): void {
  if (view.showId !== showId) return;
  if (name === 'hello') {
    const data = payload as StreamEvents['hello'];
    $(inspectorIds.streamStatus).textContent = `following ${shortId(showId)} on ${data.nodeId}`;
    // Whatever committed between the first snapshot and this subscription shows up in these.
    scheduleSnapshot();
    scheduleHistory();
    return;
  }
  if (name === 'gap') {
    const data = payload as StreamEvents['gap'];
    $(inspectorIds.stream).prepend(
      h('li', { class: 'refused' }, `… ${data.droppedBatches} batches skipped: this page fell behind`),
    );
    scheduleSnapshot();
    return;
  }
  if (name !== 'steps') return;
  const data = payload as StreamEvents['steps'];
  const list = $(inspectorIds.stream);
  // A burst on a hot show can carry thousands of steps; only the newest are worth drawing.
  const shownFrom = data.steps.length - STREAM_KEEP;
  data.steps.forEach((step, i) => {
    if (i >= shownFrom) list.prepend(streamEntry(step));
    if (step.seq !== null && view.firstStreamSeq === null) view.firstStreamSeq = step.seq;
    // A refusal changes nothing, so the transition marked stays the last one that did something.
    if (step.seq !== null) view.taken = { from: view.liveState, event: payloadType(step.event) };
    view.liveState = step.state;
  });
  while (list.children.length > STREAM_KEEP) list.lastElementChild?.remove();
  drawChart();
  scheduleSnapshot();
  scheduleHistory();
}

function startStream(showId: string): void {
  const controller = new AbortController();
  view.stream = controller;
  $(inspectorIds.streamStatus).textContent = 'connecting…';
  const retry = (why: string): void => {
    if (controller.signal.aborted || view.stream !== controller) return;
    $(inspectorIds.streamStatus).textContent = `${why}; reconnecting…`;
    setTimeout(() => {
      if (view.stream !== controller) return;
      startStream(showId);
      scheduleSnapshot();
      scheduleHistory();
    }, 2000);
  };
  readEvents(showPath(showId, 'stream'), (name, data) => onStream(showId, name, data), controller.signal)
    .then(() => retry('stream ended'))
    .catch((err) => {
      if (controller.signal.aborted) return;
      if (handleAuthError(err)) return;
      retry(`disconnected (${messageOf(err)})`);
    });
}

// ---- statechart zoom

function setZoom(zoom: number): void {
  if (!view.chart) return;
  view.zoom = view.chart.setZoom(zoom);
  $(inspectorIds.zoomLevel).textContent = `${Math.round(view.zoom * 100)}%`;
}

$(inspectorIds.zoomIn).addEventListener('click', () => setZoom(view.zoom * 1.25));
$(inspectorIds.zoomOut).addEventListener('click', () => setZoom(view.zoom / 1.25));
$(inspectorIds.zoomReset).addEventListener('click', () => setZoom(1));
$(inspectorIds.zoomFit).addEventListener('click', () => view.chart && setZoom(view.chart.fitZoom()));
$(inspectorIds.chart).addEventListener(
  'wheel',
  (event) => {
    // Ctrl + wheel (and a trackpad pinch, which browsers send as one) zooms; a plain wheel scrolls.
    if (!event.ctrlKey) return;
    event.preventDefault();
    setZoom(view.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
  },
  { passive: false },
);

setInterval(() => tickCountdowns(document, serverNow()), 1000);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && !$(inspectorIds.app).hidden) refreshLive();
});
checkSession();
