// The inspector page: admin sign-in, the live shows of every node, and for one show its statechart,
// context, live event stream and history. Per-show calls go to /api/shows/:id/inspector/..., which
// any node forwards to the show's owner.

import { api, ApiProblem, readEvents, session } from './api.js';
import { createHistory } from './history.js';
import {
  clock,
  createSeatGrid,
  h,
  renderActor,
  renderCounts,
  renderHolds,
  renderWaitlist,
  shortId,
  tickCountdowns,
} from './panels.js';
import { createRoomPanel } from './room.js';
import { createStatechart } from './statechart.js';

const $ = (id) => document.getElementById(id);
const LIVE_EVERY_MS = 3000;
const STREAM_KEEP = 200;

const view = {
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
  liveTimer: null,
  snapshotTimer: null,
  historyTimer: null,
};

const serverNow = () => Date.now() + view.skew;
const showPath = (showId, rest) => `/api/shows/${encodeURIComponent(showId)}/inspector/${rest}`;

const history = createHistory(
  {
    slider: $('history-slider'),
    first: $('history-first'),
    prev: $('history-prev'),
    next: $('history-next'),
    live: $('history-live'),
    range: $('history-range'),
    step: $('step'),
  },
  () => {
    drawChart();
    drawGrid();
  },
);

// ---- session

function showLogin(message) {
  stopShow();
  clearTimeout(view.liveTimer);
  $('app').hidden = true;
  $('login').hidden = false;
  $('logout').hidden = true;
  $('whoami').textContent = '';
  $('login-error').textContent = message ?? '';
  $('login-email').focus();
}

/** 401: the token is gone or stale; 403: not an admin. Both end at the sign-in form. */
function handleAuthError(err) {
  if (!(err instanceof ApiProblem) || (err.status !== 401 && err.status !== 403)) return false;
  session.clear();
  showLogin(err.status === 401 ? 'Please sign in again.' : 'Admins only: sign in with an admin account.');
  return true;
}

async function checkSession() {
  if (!session.token) return showLogin('');
  try {
    const me = await api('/api/me');
    if (me.role !== 'admin') {
      session.clear();
      return showLogin(`${me.email} is not an admin: the inspector is for admins only.`);
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('whoami').textContent = `${me.name} · ${me.email}`;
    refreshLive();
    selectShow(new URL(location.href).searchParams.get('show'), false);
  } catch (err) {
    if (!handleAuthError(err)) showLogin(err.message);
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const res = await api('/api/auth/login', {
      method: 'POST',
      body: { email: $('login-email').value, password: $('login-password').value },
    });
    session.save(res.token);
    $('login-password').value = '';
    await checkSession();
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? 'Wrong email or password.' : err.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
  session.clear();
  showLogin('Signed out.');
});

// ---- live shows across the cluster

async function refreshLive() {
  clearTimeout(view.liveTimer);
  if (!document.hidden) {
    try {
      renderLive(await api('/api/inspector/live'));
    } catch (err) {
      if (handleAuthError(err)) return;
      $('live-list').replaceChildren(h('p', { class: 'error' }, err.message));
    }
  }
  view.liveTimer = setTimeout(refreshLive, LIVE_EVERY_MS);
}

function renderLive(live) {
  const nodes = live.nodes.map((node) => {
    for (const s of node.shows) if (s.title) view.titles.set(s.showId, s.title);
    const shows = [...node.shows].sort((a, b) => a.showId.localeCompare(b.showId));
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
  $('live-list').replaceChildren(
    ...nodes,
    h('p', { class: 'meta' }, `as of ${clock(live.generatedAt)} from ${live.self}`),
  );
}

$('live-list').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-show]');
  if (!link) return;
  event.preventDefault();
  selectShow(link.dataset.show);
});

$('open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = $('open-show').value.trim();
  if (id) selectShow(id);
});

window.addEventListener('popstate', () => selectShow(new URL(location.href).searchParams.get('show'), false));

// ---- one show

const room = createRoomPanel($('chart').closest('section'), { onAuthError: (err) => handleAuthError(err) });

function stopShow() {
  room.stop();
  view.stream?.abort();
  view.stream = null;
  clearTimeout(view.snapshotTimer);
  clearTimeout(view.historyTimer);
  view.snapshotTimer = null;
  view.historyTimer = null;
}

async function selectShow(showId, push = true) {
  stopShow();
  view.showId = showId;
  for (const a of document.querySelectorAll('a.live-show')) a.classList.toggle('selected', a.dataset.show === showId);
  if (push) window.history.pushState({}, '', showId ? `?show=${encodeURIComponent(showId)}` : location.pathname);
  if (!showId) {
    $('empty').hidden = false;
    $('show-view').hidden = true;
    return;
  }
  document.title = `${showId} · inspector`;
  $('empty').hidden = true;
  $('show-view').hidden = false;
  room.follow(showId);
  $('show-title').textContent = view.titles.get(showId) ?? showId;
  $('show-meta').textContent = 'loading…';
  $('stream').replaceChildren();
  $('chart').replaceChildren();
  $('chart-caption').textContent = '';
  history.clear();
  try {
    const [definition, snapshot] = await Promise.all([
      api(showPath(showId, 'definition')),
      api(showPath(showId, 'snapshot')),
    ]);
    if (view.showId !== showId) return;
    view.chart = createStatechart($('chart'), definition);
    view.grid = createSeatGrid($('grid'), $('grid-hover'), snapshot.grid);
    view.liveState = snapshot.state;
    view.taken = null;
    view.firstStreamSeq = null;
    view.backfilled = false;
    applySnapshot(snapshot);
    startStream(showId);
    loadHistory(showId);
    // Opening a show wakes it, so the list is out of date now.
    refreshLive();
  } catch (err) {
    if (handleAuthError(err)) return;
    $('show-meta').replaceChildren(h('span', { class: 'error' }, `${showId}: ${err.message}`));
  }
}

function gridData(snapshot) {
  const rows = [];
  for (const section of snapshot.grid) for (const row of section.rows) rows[row.index] = row.seats;
  const ga = snapshot.grid.filter((s) => s.ga).map((s) => ({ section: s.section, ...s.ga }));
  return { rows, ga };
}

function applySnapshot(snapshot) {
  view.snapshot = snapshot;
  view.skew = Date.parse(snapshot.serverNow) - Date.now();
  if (!view.stream || !view.liveState) view.liveState = snapshot.state;
  $('show-title').textContent = snapshot.title ?? view.titles.get(snapshot.showId) ?? snapshot.showId;
  $('show-meta').replaceChildren(
    h('code', {}, snapshot.showId),
    ' · owned by ',
    h('code', {}, snapshot.nodeId),
    ` · epoch ${snapshot.epoch ?? '—'} · machine ${snapshot.machineId} · `,
    h('span', { class: 'state-now' }, snapshot.state),
  );
  renderActor($('actor'), snapshot);
  renderCounts($('counts'), snapshot);
  renderHolds($('holds'), snapshot.holds);
  renderWaitlist($('waitlist'), snapshot.waitlist);
  drawGrid();
  drawChart();
  tickCountdowns(document, serverNow());
}

function drawChart() {
  if (!view.chart) return;
  const step = history.selected;
  const banner = $('travel-banner');
  if (step) {
    banner.hidden = false;
    banner.replaceChildren(
      `Time travel: after seq ${step.seq} (${clock(step.at)}), replayed from the journal. `,
      h('button', { type: 'button', id: 'travel-live' }, 'Back to live'),
    );
    $('travel-live').onclick = () => $('history-live').click();
    const caption = view.chart.setState(step.state, { from: step.stateBefore, event: step.event.type });
    $('chart-caption').textContent = `${step.state} · seq ${step.seq}: ${caption}`;
  } else {
    banner.hidden = true;
    const caption = view.chart.setState(view.liveState, view.taken);
    $('chart-caption').textContent = caption ? `${view.liveState} · last: ${caption}` : view.liveState;
  }
  $('chart').dataset.state = step ? step.state : view.liveState;
}

function drawGrid() {
  if (!view.grid || !view.snapshot) return;
  const index = history.selectedIndex;
  if (index !== null && history.selected) {
    const { rows, ga, changed } = history.gridAt(index);
    view.grid.update(rows, ga, changed);
    $('grid-when').textContent = `after seq ${history.selected.seq} (outlined: changed by it)`;
  } else {
    const { rows, ga } = gridData(view.snapshot);
    view.grid.update(rows, ga);
    $('grid-when').textContent = 'live';
  }
}

// ---- live stream and refreshes

function scheduleSnapshot(showId) {
  if (view.snapshotTimer) return;
  view.snapshotTimer = setTimeout(async () => {
    view.snapshotTimer = null;
    try {
      const snapshot = await api(showPath(showId, 'snapshot'));
      if (view.showId === showId) applySnapshot(snapshot);
    } catch (err) {
      handleAuthError(err);
    }
  }, 250);
}

async function loadHistory(showId) {
  try {
    const data = await api(`${showPath(showId, 'history')}?limit=50`);
    if (view.showId !== showId || !view.snapshot) return;
    history.load(
      data,
      view.snapshot.grid.map((s) => s.section),
    );
    if (!view.backfilled) backfill(data);
    drawChart();
    drawGrid();
  } catch (err) {
    if (!handleAuthError(err)) $('history-range').textContent = `history unavailable: ${err.message}`;
  }
}

function scheduleHistory(showId) {
  if (view.historyTimer) return;
  view.historyTimer = setTimeout(() => {
    view.historyTimer = null;
    loadHistory(showId);
  }, 1500);
}

function streamEntry(step, fromJournal = false) {
  const refused = step.seq === null;
  return h(
    'li',
    {
      class: refused ? 'refused' : fromJournal ? 'past' : '',
      title: fromJournal ? 'from the journal, before this page opened' : undefined,
      dataset: { type: step.event.type },
    },
    h('span', { class: 'seq' }, refused ? 'refused' : `#${step.seq}`),
    h('span', { class: 'time' }, clock(step.at)),
    h('code', { class: 'type' }, step.event.type),
    ' → ',
    h('span', { class: 'to' }, step.state),
    h(
      'span',
      { class: 'outcomes' },
      step.outcomes.map((o) => h('span', { class: `outcome ${/rejected/.test(o.type) ? 'bad' : ''}` }, o.type)),
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
function backfill(data) {
  view.backfilled = true;
  const list = $('stream');
  const older = data.steps.filter((s) => view.firstStreamSeq === null || s.seq < view.firstStreamSeq).slice(-20);
  for (const step of older.reverse()) list.append(streamEntry(step, true));
  const last = data.steps.at(-1);
  if (!view.taken && last && last.state === view.liveState) {
    view.taken = { from: last.stateBefore, event: last.event.type };
  }
}

function onStream(showId, name, data) {
  if (view.showId !== showId) return;
  if (name === 'hello') {
    $('stream-status').textContent = `following ${shortId(showId)} on ${data.nodeId}`;
    // Whatever committed between the first snapshot and this subscription shows up in these.
    scheduleSnapshot(showId);
    scheduleHistory(showId);
    return;
  }
  if (name === 'gap') {
    $('stream').prepend(
      h('li', { class: 'refused' }, `… ${data.droppedBatches} batches skipped: this page fell behind`),
    );
    scheduleSnapshot(showId);
    return;
  }
  if (name !== 'steps') return;
  const list = $('stream');
  // A burst on a hot show can carry thousands of steps; only the newest are worth drawing.
  const shownFrom = data.steps.length - STREAM_KEEP;
  data.steps.forEach((step, i) => {
    if (i >= shownFrom) list.prepend(streamEntry(step));
    if (step.seq !== null && view.firstStreamSeq === null) view.firstStreamSeq = step.seq;
    // A refusal changes nothing, so the transition marked stays the last one that did something.
    if (step.seq !== null) view.taken = { from: view.liveState, event: step.event.type };
    view.liveState = step.state;
  });
  while (list.children.length > STREAM_KEEP) list.lastElementChild.remove();
  drawChart();
  scheduleSnapshot(showId);
  scheduleHistory(showId);
}

function startStream(showId) {
  const controller = new AbortController();
  view.stream = controller;
  $('stream-status').textContent = 'connecting…';
  const retry = (why) => {
    if (controller.signal.aborted || view.stream !== controller) return;
    $('stream-status').textContent = `${why}; reconnecting…`;
    setTimeout(() => {
      if (view.stream !== controller) return;
      startStream(showId);
      scheduleSnapshot(showId);
      scheduleHistory(showId);
    }, 2000);
  };
  readEvents(showPath(showId, 'stream'), (name, data) => onStream(showId, name, data), controller.signal)
    .then(() => retry('stream ended'))
    .catch((err) => {
      if (controller.signal.aborted) return;
      if (handleAuthError(err)) return;
      retry(`disconnected (${err.message})`);
    });
}

setInterval(() => tickCountdowns(document, serverNow()), 1000);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && !$('app').hidden) refreshLive();
});
checkSession();
