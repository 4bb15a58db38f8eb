import { Layout, Status } from '../layout.js';

/** The waiting room in front of a show's seat map: the customer's place, live, until their turn comes. */
export function QueuePage({ showId }: { showId: string }) {
  return (
    <Layout title="Waiting room" script="queue" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id="event-link" href="/">
          ← All events
        </a>
      </p>
      <header class="show-header">
        <h1 id="queue-title">Waiting room</h1>
        <p id="queue-show" class="lead"></p>
      </header>
      <Status id="queue-status" focusable />

      <section id="queue-panel" class="panel queue-panel" aria-labelledby="queue-heading" hidden>
        <h2 id="queue-heading">Your place in line</h2>
        <p id="queue-position" class="queue-position"></p>
        <p id="queue-ahead" class="queue-ahead"></p>
        <div class="queue-progress">
          <label for="queue-bar" class="visually-hidden">
            Progress towards your turn
          </label>
          <progress id="queue-bar" max={100} value={0}></progress>
        </div>
        <dl class="queue-facts">
          <div>
            <dt>Estimated wait</dt>
            <dd id="queue-wait">—</dd>
          </div>
          <div>
            <dt>Let in over the last minute</dt>
            <dd id="queue-rate">—</dd>
          </div>
        </dl>
        <p id="queue-note" class="hint"></p>
        <p class="hint">
          Keep this page open: it moves you to the seat map by itself when your turn comes. Leaving and coming back
          keeps your place.
        </p>
        <button type="button" id="queue-leave" class="secondary">
          Leave the queue
        </button>
      </section>

      <section id="queue-over" class="panel" aria-labelledby="queue-over-heading" hidden>
        <h2 id="queue-over-heading" tabindex={-1}></h2>
        <p id="queue-over-text"></p>
        <p>
          <a id="queue-over-link" href="/"></a>
        </p>
      </section>
      <p id="queue-error" class="error" role="alert"></p>
    </Layout>
  );
}
