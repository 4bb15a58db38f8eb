import { Layout, Status } from '../layout.js';
import { AdminNav, Gate } from './admin.js';
import { adminRoomIds } from '../assets/js/element-ids.js';

/** One show's waiting room: its settings, the pause/resume/end switches, and the room watched live. */
export function AdminRoomPage({ showId }: { showId: string }) {
  return (
    <Layout title="Waiting room" script="admin-room" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id={adminRoomIds.eventLink} href="/admin/catalog">
          Events and venues
        </a>
      </p>
      <h1 id={adminRoomIds.roomHeading}>Waiting room</h1>
      <AdminNav />
      <Gate />
      <div id={adminRoomIds.adminBody} hidden>
        <Status id={adminRoomIds.roomStatus} />
        <section class="panel" aria-labelledby="live-heading">
          <h2 id="live-heading">
            Now <span id={adminRoomIds.roomUpdated} class="hint"></span>
          </h2>
          <dl id="room-live" class="stats room-live">
            <div>
              <dt>State</dt>
              <dd id={adminRoomIds.roomState}>—</dd>
            </div>
            <div>
              <dt>Queued</dt>
              <dd id={adminRoomIds.roomQueued}>—</dd>
            </div>
            <div>
              <dt>Active shoppers</dt>
              <dd id={adminRoomIds.roomActive}>—</dd>
            </div>
            <div>
              <dt>Let in, last minute</dt>
              <dd id={adminRoomIds.roomRate}>—</dd>
            </div>
            <div>
              <dt>Let in, in all</dt>
              <dd id={adminRoomIds.roomTotal}>—</dd>
            </div>
          </dl>
          <div class="row-actions">
            <button type="button" id={adminRoomIds.roomPause} class="secondary">
              Pause admission
            </button>
            <button type="button" id={adminRoomIds.roomResume} class="secondary">
              Resume admission
            </button>
            <button type="button" id={adminRoomIds.roomEnd} class="danger">
              End the waiting room
            </button>
          </div>
          <p id={adminRoomIds.roomActionResult} role="status"></p>
        </section>

        <section class="panel" aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <form id={adminRoomIds.roomForm} class="stack" novalidate>
            <p class="hint" id="room-form-hint">
              Times are on the venue's clock (<span id={adminRoomIds.roomZone}>UTC</span>). Joining opens at the
              pre-queue start; everyone who joins before sales open is given a random place at that moment, later
              arrivals queue in order.
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
            <p id={adminRoomIds.roomFormError} class="error" role="alert"></p>
            <button type="submit" id={adminRoomIds.roomSave}>
              Save waiting room
            </button>
            <Status id={adminRoomIds.roomSaved} />
          </form>
        </section>
      </div>
    </Layout>
  );
}
