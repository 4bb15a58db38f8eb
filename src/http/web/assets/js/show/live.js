// The show's live feed over Server-Sent Events.

/**
 * Listens to /api/shows/:id/stream. `ready` resolves with the first availability message, after which
 * every seat change reaches `onSeats`. EventSource reconnects by itself; changes missed while the
 * connection was down are not replayed, so `onReconnect` is the moment to reload the seat map.
 */
export function connectLive(showId, { onAvailability, onSeats, onReconnect }) {
  const source = new EventSource(`/api/shows/${encodeURIComponent(showId)}/stream`);
  let opens = 0;
  let resolveReady;
  const ready = new Promise((resolve) => (resolveReady = resolve));
  source.addEventListener('open', () => {
    opens += 1;
    if (opens > 1) onReconnect?.();
  });
  source.addEventListener('availability', (e) => {
    const summary = JSON.parse(e.data);
    resolveReady(summary);
    onAvailability(summary);
  });
  source.addEventListener('seats', (e) => onSeats(JSON.parse(e.data)));
  window.addEventListener('pagehide', () => source.close());
  return { ready, close: () => source.close() };
}
