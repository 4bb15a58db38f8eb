import { Layout, Status } from '../layout.js';
import { AdminNav, Gate } from './admin.js';

/** One show's waiting room: its settings, the pause/resume/end switches, and the room watched live. */
export function AdminRoomPage({ showId }: { showId: string }) {
  return (
    <Layout title="Waiting room" script="admin-room" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id="event-link" href="/admin/catalog">
          Events and venues
        </a>
      </p>
      <h1 id="room-heading">Waiting room</h1>
      <AdminNav />
      <Gate />
      <div id="admin-body" hidden>
        <Status id="room-status" />
        <section class="panel" aria-labelledby="live-heading">
          <h2 id="live-heading">
            Now <span id="room-updated" class="hint"></span>
          </h2>
          <dl id="room-live" class="stats room-live">
            <div>
              <dt>State</dt>
              <dd id="room-state">—</dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd id="room-queued">—</dd>
            </div>
            <div>
              <dt>Active shoppers</dt>
              <dd id="room-active">—</dd>
            </div>
            <div>
              <dt>Let in, last minute</dt>
              <dd id="room-rate">—</dd>
            </div>
            <div>
              <dt>Let in, in all</dt>
              <dd id="room-total">—</dd>
            </div>
          </dl>
          <div class="row-actions">
            <button type="button" id="room-pause" class="secondary">
              Pause admission
            </button>
            <button type="button" id="room-resume" class="secondary">
              Resume admission
            </button>
            <button type="button" id="room-end" class="danger">
              End the waiting room
            </button>
          </div>
          <p id="room-action-result" role="status"></p>
        </section>

        <section class="panel" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <form id="room-form" class="stack" novalidate>
            <p class="hint" id="room-form-hint">
              Times are on the venue's clock (<span id="room-zone">UTC</span>). Joining opens at the pre-queue start;
              everyone who joins before sales open is given a random place at that moment, later arrivals queue in
              order.
            </p>
            <div class="field-row">
              <div class="field">
                <label for="room-prequeue">Pre-queue starts</label>
                <input id="room-prequeue" name="preQueueAt" type="datetime-local" required />
              </div>
              <div class="field">
                <label for="room-sales-open">Sales open</label>
                <input id="room-sales-open" name="salesOpenAt" type="datetime-local" required />
              </div>
            </div>
            <div class="field">
              <label for="room-method">Queueing</label>
              <select id="room-method" name="method">
                <option value="randomThenFifo">Random draw at sales open, then first come first served</option>
                <option value="fifo">First come, first served</option>
                <option value="passthrough">Let everyone in at once (no queue)</option>
              </select>
            </div>
            <div class="field-row">
              <div class="field">
                <label for="room-max-active">Active shoppers at most</label>
                <input id="room-max-active" name="maxActive" type="number" min={1} step={1} required />
              </div>
              <div class="field">
                <label for="room-rate-limit">Let in per minute at most</label>
                <input id="room-rate-limit" name="admitPerMinute" type="number" min={1} step={1} required />
              </div>
              <div class="field">
                <label for="room-turn">Turn length in minutes</label>
                <input id="room-turn" name="turnMinutes" type="number" min={1} step={1} value="10" required />
              </div>
            </div>
            <p id="room-form-error" class="error" role="alert"></p>
            <button type="submit" id="room-save">
              Save waiting room
            </button>
            <Status id="room-saved" />
          </form>
        </section>
      </div>
    </Layout>
  );
}
