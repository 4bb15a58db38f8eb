// The waiting room in front of the selected show: its statechart with the active state lit, the
// queue's length, who is shopping and how fast people are let in. Read from the room's public view,
// which any node forwards to the room's owner and which never touches the show's writer.

import { api } from '../../assets/js/api.js';
import type { RoomView } from '../../assets/js/api-types.js';
import { showTime } from '../../assets/js/zoned-time.js';
import { clock, h, viewerZone } from './panels.js';

const EVERY_MS = 2000;

/** The room's states in the order a sale goes through them, with the events that move between them. */
const STATES: readonly { id: RoomView['state']; label: string; next: string }[] = [
  { id: 'closed', label: 'closed', next: 'preQueue at its start' },
  { id: 'preQueue', label: 'preQueue', next: 'sales open: shuffle' },
  { id: 'admitting', label: 'admitting', next: 'PAUSE · SOLD_OUT' },
  { id: 'paused', label: 'paused', next: 'RESUME' },
  { id: 'soldOut', label: 'soldOut', next: 'SEATS_BACK' },
  { id: 'ended', label: 'ended', next: 'final' },
];

const METHODS: Record<string, string> = { randomThenFifo: 'random at open, then FIFO', fifo: 'FIFO', passthrough: 'passthrough' };

/**
 * A panel placed right after `anchor` (hidden while the show has no room). `follow(showId)` starts reading
 * that show's room, `stop()` ends it; `onAuthError(err)` lets the page handle a lost sign-in; `timeZone()`
 * names the venue's zone, on whose clock the room's times are written.
 */
export interface RoomPanel {
  follow(showId: string | null): void;
  stop(): void;
}

export function createRoomPanel(
  anchor: Element,
  { onAuthError, timeZone }: { onAuthError(err: unknown): boolean; timeZone(): string },
): RoomPanel {
  const chart = h('ol', { class: 'room-chart', id: 'room-chart' });
  const facts = h('dl', { class: 'facts room-facts', id: 'room-facts' });
  const caption = h('p', { class: 'caption', id: 'room-caption' });
  const panel = h(
    'section',
    { class: 'panel room-panel', id: 'room-panel', 'aria-labelledby': 'room-title', hidden: true },
    h('h3', { id: 'room-title' }, 'Waiting room ', h('span', { class: 'when', id: 'room-when' })),
    chart,
    caption,
    facts,
  );
  anchor.after(panel);
  let showId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function render(room: RoomView): void {
    panel.hidden = !room.enabled;
    if (!room.enabled) return;
    chart.replaceChildren(
      ...STATES.map((s) =>
        h(
          'li',
          {
            class: `room-state${s.id === room.state ? ' active' : ''}`,
            dataset: { state: s.id },
            'aria-current': s.id === room.state ? 'true' : undefined,
          },
          h('span', { class: 'name' }, s.label),
          h('span', { class: 'next' }, s.next),
        ),
      ),
    );
    chart.dataset.state = room.state;
    const when = (iso: string | null): string => (iso ? showTime(iso, timeZone()) : '—');
    caption.textContent = `${room.state} · ${(room.method && METHODS[room.method]) ?? room.method} · pre-queue ${when(room.preQueueAt)} · sales open ${when(room.salesOpenAt)}`;
    const fact = (term: string, value: string, id: string): HTMLElement[] => [h('dt', {}, term), h('dd', { id }, value)];
    facts.replaceChildren(
      ...fact('Queue length', String(room.queued), 'room-queued'),
      ...fact('Active', `${room.active} of ${room.maxActive}`, 'room-active'),
      ...fact('Admitted', String(room.admittedTotal), 'room-admitted'),
      ...fact('Admitted, last minute', `${room.admittedLastMinute} (limit ${room.admitPerMinute})`, 'room-rate'),
      ...fact('Turn', `${room.turnMinutes} min`, 'room-turn'),
    );
    const asOf = panel.querySelector('#room-when');
    if (asOf) asOf.textContent = `as of ${clock(new Date().toISOString(), viewerZone, { ms: false })}`;
  }

  async function read(id: string): Promise<void> {
    timer = undefined;
    if (!document.hidden) {
      try {
        const room = await api<RoomView>(`/api/shows/${encodeURIComponent(id)}/room`);
        if (showId !== id) return;
        render(room);
      } catch (err) {
        if (showId !== id) return;
        if (onAuthError(err)) return;
        // A show without room routes (or an unknown one) simply has no room to draw.
        panel.hidden = true;
      }
    }
    if (showId === id) timer = setTimeout(() => read(id), EVERY_MS);
  }

  const panelHandle: RoomPanel = {
    follow(id) {
      panelHandle.stop();
      showId = id;
      if (id) read(id);
    },
    stop() {
      showId = null;
      clearTimeout(timer);
      timer = undefined;
      panel.hidden = true;
    },
  };
  return panelHandle;
}
