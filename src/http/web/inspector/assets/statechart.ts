// Draws the show machine as nested boxes from its own definition (GET .../inspector/definition):
// compound states contain their children side by side, transitions between siblings are arrows
// labelled with their events (eventless ones as "always [guard]"), and events a state answers
// without moving are listed inside it. setState() lights the active states and marks what was taken.

import type { MachineDefinition } from '../../assets/js/api-types.js';

const NS = 'http://www.w3.org/2000/svg';

type StateDef = MachineDefinition['states'][number];
type TransitionDef = MachineDefinition['transitions'][number];
type Transition = TransitionDef & { target: string };

/** The transitions between two sibling states (either way round counts as another group). */
interface EdgeGroup {
  key: string;
  parent: string | undefined;
  from: string;
  to: string;
  transitions: Transition[];
  labels: string[];
}

/** A group drawn inside its parent: `i`, `j` index the parent's children; lane and ends for arcs. */
interface Edge {
  group: EdgeGroup;
  i: number;
  j: number;
  forward: boolean;
  lane: number;
  x1: number;
  x2: number;
}

/** A state's box: sizes from measure(), position from place(); the band fields are for compound states. */
interface Box {
  path: string;
  state: StateDef;
  children: Box[];
  w: number;
  h: number;
  chips: string[][];
  x: number;
  y: number;
  straight: Edge[];
  arcs: Edge[];
  gaps: number[];
  lanesAbove: number;
  lanesBelow: number;
  band: number;
  bandPadTop: number;
  bandPadBottom: number;
  headH: number;
  above: number;
  below: number;
  bandTop: number;
  cy: number;
}

/** What the last command did: the state it started in and its event. */
export interface Taken {
  from: string | null;
  event: string;
}

export interface Statechart {
  readonly zoom: number;
  /** Sets the zoom (clamped to 0.3-3) and returns it. */
  setZoom(next: number): number;
  /** The zoom that shows the whole chart across the panel's width. */
  fitZoom(): number;
  /**
   * Lights `state` (a dotted state name) and its ancestors. `taken` marks what the last command did:
   * the arrows it followed, or the event inside the state that answered it. Returns a sentence
   * describing the marked transition.
   */
  setState(state: string | null, taken?: Taken | null): string;
}

const NAME = 14;
const SMALL = 11;
const LABEL = 11;
const PAD = 14;
const PAD_LEFT = 30;
const HEAD = 24;
const CHIP_LINE = 14;
const LANE = 20;
const LABEL_LINE = 13;
const MIN_GAP = 44;
const LEAF_MIN_W = 124;
const MARGIN = 8;

// Labels use a monospace font so their width can be known before drawing.
const textWidth = (text: string, size: number): number => text.length * size * 0.61;

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number | null | undefined> = {},
  parent: Element | null = null,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/** Splits words into lines no wider than maxWidth, joined by " · ". */
function wrap(words: readonly string[], maxWidth: number, size: number): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  for (const word of words) {
    const candidate = [...line, word].join(' · ');
    if (line.length > 0 && textWidth(candidate, size) > maxWidth) {
      lines.push(line);
      line = [word];
    } else line.push(word);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

function transitionLabel(t: TransitionDef): string {
  if (t.event) return t.event;
  const params = /\(([^()]*)\)$/.exec(t.guard ?? '');
  const what = params ? (params[1]?.split(',').pop()?.trim() ?? '') : (t.guard ?? '');
  return what ? `always [${what}]` : 'always';
}

export function createStatechart(container: HTMLElement, definition: MachineDefinition): Statechart {
  const byPath = new Map(definition.states.map((s) => [s.path, s]));
  const root = definition.states.find((s) => s.parent === null);
  if (!root) throw new Error(`${definition.machineId} has no root state`);

  function ancestors(path: string | null | undefined): string[] {
    const out: string[] = [];
    for (let p = path; p !== null && p !== undefined; p = byPath.get(p)?.parent) {
      if (!byPath.has(p)) break;
      out.unshift(p);
    }
    return out;
  }

  // Every transition is drawn between the two siblings that contain its source and its target.
  const groups = new Map<string, EdgeGroup>();
  for (const t of definition.transitions) {
    for (const target of t.targets) {
      const a = ancestors(t.source);
      const b = ancestors(target);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      if (i >= a.length || i >= b.length) continue;
      const from = a[i]!;
      const to = b[i]!;
      const key = `${from}>${to}`;
      let group = groups.get(key);
      if (!group) {
        group = { key, parent: a[i - 1], from, to, transitions: [], labels: [] };
        groups.set(key, group);
      }
      group.transitions.push({ ...t, target });
      const label = transitionLabel(t);
      if (!group.labels.includes(label)) group.labels.push(label);
    }
  }

  function measure(path: string): Box {
    const state = byPath.get(path);
    if (!state) throw new Error(`unknown state ${path}`);
    const node: Box = {
      path,
      state,
      children: state.children.map(measure),
      w: 0,
      h: 0,
      chips: [],
      x: 0,
      y: 0,
      straight: [],
      arcs: [],
      gaps: [],
      lanesAbove: 0,
      lanesBelow: 0,
      band: 0,
      bandPadTop: 0,
      bandPadBottom: 0,
      headH: 0,
      above: 0,
      below: 0,
      bandTop: 0,
      cy: 0,
    };
    if (node.children.length === 0) {
      node.w = Math.max(LEAF_MIN_W, textWidth(state.key, NAME) + 28);
      node.chips = wrap(state.handles, node.w - 16, SMALL);
      node.h = Math.max(48, HEAD + 8 + node.chips.length * CHIP_LINE);
      return node;
    }
    const index = new Map(node.children.map((c, i) => [c.path, i]));
    const mine = [...groups.values()].filter((g) => g.parent === path);
    for (const g of mine) {
      const i = index.get(g.from) ?? 0;
      const j = index.get(g.to) ?? 0;
      const edge: Edge = { group: g, i, j, forward: i < j, lane: 0, x1: 0, x2: 0 };
      if (Math.abs(i - j) === 1) node.straight.push(edge);
      else node.arcs.push(edge);
    }
    node.gaps = node.children.slice(1).map((_, k) => {
      const between = node.straight.filter((e) => Math.min(e.i, e.j) === k);
      const widest = Math.max(0, ...between.flatMap((e) => e.group.labels.map((l) => textWidth(l, LABEL))));
      return Math.max(MIN_GAP, widest + 22);
    });
    // Lanes: shorter arcs lower, and arcs sharing a stretch never share a lane.
    for (const above of [true, false]) {
      const lanes: [number, number][][] = [];
      const arcs = node.arcs
        .filter((e) => e.forward === above)
        .sort((a, b) => Math.abs(a.i - a.j) - Math.abs(b.i - b.j));
      for (const arc of arcs) {
        const lo = Math.min(arc.i, arc.j);
        const hi = Math.max(arc.i, arc.j);
        let lane = 0;
        while ((lanes[lane] ?? []).some(([a, b]) => lo < b && a < hi)) lane++;
        (lanes[lane] ??= []).push([lo, hi]);
        arc.lane = lane;
      }
      if (above) node.lanesAbove = lanes.length;
      else node.lanesBelow = lanes.length;
    }
    const band = Math.max(...node.children.map((c) => c.h));
    const linesOf = (forward: boolean): number =>
      Math.max(0, ...node.straight.filter((e) => e.forward === forward).map((e) => e.group.labels.length));
    node.band = band;
    node.bandPadTop = Math.max(0, linesOf(true) * LABEL_LINE + 12 - band / 2);
    node.bandPadBottom = Math.max(0, linesOf(false) * LABEL_LINE + 12 - band / 2);
    node.w = PAD_LEFT + node.children.reduce((sum, c) => sum + c.w, 0) + node.gaps.reduce((sum, g) => sum + g, 0) + PAD;
    node.chips = wrap(state.handles, node.w - 2 * PAD, SMALL);
    node.headH = HEAD + node.chips.length * CHIP_LINE + 4;
    node.above = node.lanesAbove > 0 ? node.lanesAbove * LANE + 8 : 0;
    node.below = node.lanesBelow > 0 ? node.lanesBelow * LANE + 10 : 0;
    node.h = node.headH + node.above + node.bandPadTop + band + node.bandPadBottom + node.below + PAD;
    return node;
  }

  function place(node: Box, x: number, y: number): void {
    node.x = x;
    node.y = y;
    if (node.children.length === 0) return;
    node.bandTop = y + node.headH + node.above + node.bandPadTop;
    node.cy = node.bandTop + node.band / 2;
    let cx = x + PAD_LEFT;
    node.children.forEach((child, k) => {
      place(child, cx, node.bandTop + (node.band - child.h) / 2);
      cx += child.w + (node.gaps[k] ?? 0);
    });
  }

  const tree = measure(root.path);
  place(tree, MARGIN, MARGIN);
  const width = tree.w + 2 * MARGIN;
  const height = tree.h + 2 * MARGIN;

  container.textContent = '';
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `Statechart of ${definition.machineId}`,
    class: 'statechart',
  });
  container.appendChild(chart);
  // Drawn at its own size the chart's text is 11-14 px; shrunk to the panel it would be unreadable,
  // so the panel scrolls and the zoom is the reader's choice.
  let zoom = 1;
  const applyZoom = () => {
    chart.setAttribute('width', String(width * zoom));
    chart.setAttribute('height', String(height * zoom));
  };
  const defs = svg('defs', {}, chart);
  for (const id of ['arrow', 'arrow-taken']) {
    const marker = svg(
      'marker',
      {
        id: `sc-${id}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      },
      defs,
    );
    svg('path', { d: 'M0,0 L10,5 L0,10 z', class: id }, marker);
  }

  const stateEls = new Map<string, SVGGElement>();
  const chipEls = new Map<string, SVGTSpanElement>();
  const edgeEls = new Map<string, SVGGElement>();

  function drawState(node: Box, parent: Element): void {
    const g = svg('g', { class: `st ${node.children.length ? 'compound' : 'leaf'}`, 'data-path': node.path }, parent);
    stateEls.set(node.path, g);
    svg('rect', { class: 'st-box', x: node.x, y: node.y, width: node.w, height: node.h, rx: node.path ? 10 : 4 }, g);
    const leaf = node.children.length === 0;
    const name = svg(
      'text',
      {
        class: 'st-name',
        x: leaf ? node.x + node.w / 2 : node.x + 10,
        y: node.y + 17,
        'text-anchor': leaf ? 'middle' : 'start',
      },
      g,
    );
    name.textContent = node.path === '' ? definition.machineId : node.state.key;
    node.chips.forEach((line, n) => {
      const text = svg(
        'text',
        {
          class: 'st-handles',
          x: leaf ? node.x + node.w / 2 : node.x + 10,
          y: node.y + HEAD + 8 + n * CHIP_LINE,
          'text-anchor': leaf ? 'middle' : 'start',
        },
        g,
      );
      line.forEach((event, k) => {
        if (k > 0) svg('tspan', { class: 'sep' }, text).textContent = ' · ';
        const span = svg('tspan', { 'data-event': event }, text);
        span.textContent = event;
        chipEls.set(`${node.path}|${event}`, span);
      });
    });
    for (const child of node.children) drawState(child, g);
  }

  function label(parent: Element, lines: readonly string[], x: number, y: number, step: number): void {
    lines.forEach((line, k) => {
      const text = svg('text', { class: 'edge-label', x, y: y + k * step, 'text-anchor': 'middle' }, parent);
      text.textContent = line;
    });
  }

  function edgeGroup(group: EdgeGroup, parent: Element): SVGGElement {
    const g = svg('g', { class: 'edge', 'data-from': group.from, 'data-to': group.to }, parent);
    const title = svg('title', {}, g);
    title.textContent = group.transitions
      .map((t) => `${t.event || 'always'}${t.guard ? ` [${t.guard}]` : ''}: ${t.source || 'machine'} → ${t.target}`)
      .join('\n');
    edgeEls.set(group.key, g);
    return g;
  }

  function drawEdges(node: Box, parent: Element): void {
    if (node.children.length === 0) return;
    const layer = svg('g', { class: 'edges' }, parent);
    const box = (i: number): Box => node.children[i]!;
    for (const e of node.straight) {
      const pair = node.straight.some((o) => o.i === e.j && o.j === e.i);
      const off = pair ? (e.forward ? -7 : 7) : 0;
      const y = node.cy + off;
      const from = box(e.i);
      const to = box(e.j);
      const x1 = e.forward ? from.x + from.w : from.x;
      const x2 = e.forward ? to.x : to.x + to.w;
      const g = edgeGroup(e.group, layer);
      svg('path', { class: 'edge-line', d: `M${x1},${y} L${x2},${y}`, 'marker-end': 'url(#sc-arrow)' }, g);
      const lines = e.group.labels;
      if (e.forward) label(g, [...lines].reverse(), (x1 + x2) / 2, y - 5 - (lines.length - 1) * LABEL_LINE, LABEL_LINE);
      else label(g, lines, (x1 + x2) / 2, y + 13, LABEL_LINE);
    }
    // Arc ends share a box side; nesting them (higher lanes outside) keeps arcs from crossing.
    const ends = new Map<string, { arc: Edge; at: number; goesLeft: boolean; isSource: boolean }[]>();
    for (const arc of node.arcs) {
      for (const [at, other] of [
        [arc.i, arc.j],
        [arc.j, arc.i],
      ] as const) {
        const key = `${at}|${arc.forward}`;
        let list = ends.get(key);
        if (!list) ends.set(key, (list = []));
        list.push({ arc, at, goesLeft: other < at, isSource: at === arc.i });
      }
    }
    for (const list of ends.values()) {
      list.sort((a, b) => {
        if (a.goesLeft !== b.goesLeft) return a.goesLeft ? -1 : 1;
        return a.goesLeft ? a.arc.lane - b.arc.lane : b.arc.lane - a.arc.lane;
      });
      const b = box(list[0]!.at);
      list.forEach((end, k) => {
        const x = b.x + 14 + ((b.w - 28) * (k + 1)) / (list.length + 1);
        if (end.isSource) end.arc.x1 = x;
        else end.arc.x2 = x;
      });
    }
    const top = node.bandTop - node.bandPadTop;
    const bottom = node.bandTop + node.band + node.bandPadBottom;
    for (const arc of node.arcs) {
      const from = box(arc.i);
      const to = box(arc.j);
      const above = arc.forward;
      const laneY = above ? top - 6 - arc.lane * LANE : bottom + 8 + arc.lane * LANE;
      const y1 = above ? from.y : from.y + from.h;
      const y2 = above ? to.y : to.y + to.h;
      const r = 6;
      const dir = Math.sign(arc.x2 - arc.x1);
      const v = above ? 1 : -1;
      const d = [
        `M${arc.x1},${y1}`,
        `V${laneY + v * r}`,
        `Q${arc.x1},${laneY} ${arc.x1 + dir * r},${laneY}`,
        `H${arc.x2 - dir * r}`,
        `Q${arc.x2},${laneY} ${arc.x2},${laneY + v * r}`,
        `V${y2}`,
      ].join(' ');
      const g = edgeGroup(arc.group, layer);
      svg('path', { class: 'edge-line', d, 'marker-end': 'url(#sc-arrow)' }, g);
      label(g, [arc.group.labels.join(' · ')], (arc.x1 + arc.x2) / 2, above ? laneY - 4 : laneY + 12, LABEL_LINE);
    }
    if (node.state.initial) {
      const first = node.children.find((c) => c.path === node.state.initial);
      if (first) {
        const y = first.y + 14;
        svg('circle', { class: 'initial', cx: first.x - 18, cy: y, r: 4 }, layer);
        svg(
          'path',
          { class: 'edge-line', d: `M${first.x - 14},${y} L${first.x},${y}`, 'marker-end': 'url(#sc-arrow)' },
          layer,
        );
      }
    }
    for (const child of node.children) drawEdges(child, parent);
  }

  drawState(tree, chart);
  drawEdges(tree, chart);

  const chartHandle: Statechart = {
    get zoom() {
      return zoom;
    },
    setZoom(next) {
      zoom = Math.min(3, Math.max(0.3, next));
      applyZoom();
      return zoom;
    },
    fitZoom() {
      return container.clientWidth / width;
    },
    setState(state, taken) {
      for (const el of chart.querySelectorAll('.active, .current, .taken')) {
        el.classList.remove('active', 'current', 'taken');
      }
      for (const line of chart.querySelectorAll('.edge-line.taken-line')) {
        line.classList.remove('taken-line');
        line.setAttribute('marker-end', 'url(#sc-arrow)');
      }
      const now = new Set(ancestors(state));
      for (const path of now) stateEls.get(path)?.classList.add('active');
      if (state !== null) stateEls.get(state)?.classList.add('current');
      if (!taken) return '';

      const before = new Set(ancestors(taken.from));
      const followed: Transition[] = [];
      let byEvent = false;
      if (taken.from !== state) {
        for (const group of groups.values()) {
          const hit = group.transitions.find(
            (t) =>
              (t.event === taken.event || t.event === '') &&
              before.has(t.source) &&
              !now.has(t.source) &&
              now.has(t.target),
          );
          if (!hit) continue;
          if (hit.event) byEvent = true;
          followed.push(hit);
          const g = edgeEls.get(group.key);
          g?.classList.add('taken');
          const line = g?.querySelector('.edge-line');
          line?.classList.add('taken-line');
          line?.setAttribute('marker-end', 'url(#sc-arrow-taken)');
        }
      }
      const parts: string[] = [];
      if (!byEvent) {
        const handler = [...ancestors(taken.from)].reverse().find((p) => byPath.get(p)?.handles.includes(taken.event));
        if (handler !== undefined) {
          chipEls.get(`${handler}|${taken.event}`)?.classList.add('taken');
          parts.push(`${taken.event} answered in ${handler || definition.machineId}`);
        } else parts.push(taken.event);
      }
      for (const t of followed) parts.push(`${transitionLabel(t)}: ${t.source} → ${t.target}`);
      return parts.join(', then ');
    },
  };
  return chartHandle;
}
