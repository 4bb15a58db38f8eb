import { Layout, Status } from '../layout.js';
import { queueIds } from '../assets/js/element-ids.js';

/** The waiting room in front of a show's seat map: the customer's place, live, until their turn comes. */
export function QueuePage({ showId }: { showId: string }) {
  return (
    <Layout title="Waiting room" script="queue" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id={queueIds.eventLink} href="/">
          ← All events
        </a>
      </p>
      <header class="show-header">
        <h1 id={queueIds.queueTitle}>Waiting room</h1>
        <p id={queueIds.queueShow} class="lead"></p>
      </header>
      <Status id={queueIds.queueStatus} focusable />

      <section id={queueIds.queuePanel} class="panel queue-panel" aria-labelledby="queue-heading" hidden>
        <h2 id="queue-heading">Your place in line</h2>
        <p id={queueIds.queuePosition} class="queue-position"></p>
        <p id={queueIds.queueAhead} class="queue-ahead"></p>
        <div class="queue-progress">
          <label for={queueIds.queueBar} class="visually-hidden">
            Progress towards your turn
          </label>
          <progress id={queueIds.queueBar} max={100} value={0}></progress>
        </div>
        <dl class="queue-facts">
          <div>
            <dt>Estimated wait</dt>
            <dd id={queueIds.queueWait}>—</dd>
          </div>
          <div>
            <dt>Let in over the last minute</dt>
            <dd id={queueIds.queueRate}>—</dd>
          </div>
        </dl>
        <p id={queueIds.queueNote} class="hint"></p>
        <p class="hint">
          Keep this page open: it moves you to the seat map by itself when your turn comes. Leaving and coming back
          keeps your place.
        </p>
        <button type="button" id={queueIds.queueLeave} class="secondary">
          Leave the queue
        </button>
      </section>

      <section id={queueIds.queueOver} class="panel" aria-labelledby={queueIds.queueOverHeading} hidden>
        <h2 id={queueIds.queueOverHeading} tabindex={-1}></h2>
        <p id={queueIds.queueOverText}></p>
        <p>
          <a id={queueIds.queueOverLink} href="/"></a>
        </p>
      </section>
      <p id={queueIds.queueError} class="error" role="alert"></p>
    </Layout>
  );
}
