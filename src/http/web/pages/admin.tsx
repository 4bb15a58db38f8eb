import { eventCategories } from '../../../db/schema/catalog.js';
import { categoryLabels } from '../labels.js';
import { DataTable, Layout, Status } from '../layout.js';

export function AdminNav() {
  return (
    <nav class="admin-nav" aria-label="Admin">
      <ul>
        <li>
          <a href="/admin">Overview</a>
        </li>
        <li>
          <a href="/admin/catalog">Events and venues</a>
        </li>
        <li>
          <a href="/admin/promos">Promo codes</a>
        </li>
        <li>
          <a href="/admin/webhooks">Webhooks</a>
        </li>
        <li>
          <a href="/admin/api-keys">API keys</a>
        </li>
        <li>
          <a href="/inspect">Inspector</a>
        </li>
        <li>
          <a href="/admin/venues/new">New venue</a>
        </li>
        <li>
          <a href="/admin/events/new">New event</a>
        </li>
        <li>
          <a href="/admin/shows/new">New show</a>
        </li>
      </ul>
    </nav>
  );
}

/** Shown by every admin script until /api/me says the user is an admin. */
export function Gate() {
  return <p id="admin-gate" class="status" role="status" aria-live="polite"></p>;
}

export function AdminPage() {
  return (
    <Layout title="Admin" script="admin">
      <h1>Admin</h1>
      <AdminNav />
      <Gate />
      <div id="admin-body" hidden>
        <section id="stats" aria-labelledby="stats-heading">
          <h2 id="stats-heading">Sales</h2>
          <Status id="stats-status" />
          <dl id="stats-summary" class="stats"></dl>
        </section>
        <section aria-labelledby="shows-heading">
          <h2 id="shows-heading">Shows by venue</h2>
          <div class="field">
            <label for="venue">Venue</label>
            <select id="venue"></select>
          </div>
          <Status id="shows-status" />
          <DataTable
            id="shows-table"
            captionId="shows-caption"
            columns={[
              'Show',
              'Starts',
              'State',
              'Capacity',
              'Available',
              'Held',
              'Booked',
              'Waiting',
              { label: 'Manage', hiddenLabel: true },
            ]}
          />
        </section>
      </div>
    </Layout>
  );
}

export function AdminVenuePage() {
  return (
    <Layout title="New venue" script="admin-venue">
      <h1>New venue</h1>
      <AdminNav />
      <Gate />
      <form id="venue-form" class="stack" hidden>
        <fieldset>
          <legend>Venue</legend>
          <div class="field">
            <label for="venue-name">Name</label>
            <input id="venue-name" name="name" required maxlength={200} />
          </div>
          <div class="field">
            <label for="venue-city">City</label>
            <input id="venue-city" name="city" list="city-list" required aria-describedby="city-hint" />
            <datalist id="city-list"></datalist>
            <p id="city-hint" class="hint">
              An existing city, or a new one.
            </p>
          </div>
          <div class="field">
            <label for="venue-address">Address</label>
            <input id="venue-address" name="address" maxlength={500} />
          </div>
          <div class="field">
            <label for="venue-postal-code">Postal code</label>
            <input id="venue-postal-code" name="postalCode" maxlength={20} />
          </div>
          <div class="field">
            <label for="venue-time-zone">Time zone</label>
            <input
              id="venue-time-zone"
              name="timeZone"
              list="time-zone-list"
              maxlength={64}
              aria-describedby="time-zone-hint"
            />
            <datalist id="time-zone-list"></datalist>
            <p id="time-zone-hint" class="hint">
              Show times are set and shown on this clock, such as Europe/Berlin. Empty: the zone of the city's
              other venues (UTC in a new city).
            </p>
          </div>
          <div class="field">
            <label for="venue-latitude">Latitude</label>
            <input
              id="venue-latitude"
              name="latitude"
              type="number"
              step="any"
              min={-90}
              max={90}
              aria-describedby="location-hint"
            />
          </div>
          <div class="field">
            <label for="venue-longitude">Longitude</label>
            <input
              id="venue-longitude"
              name="longitude"
              type="number"
              step="any"
              min={-180}
              max={180}
              aria-describedby="location-hint"
            />
            <p id="location-hint" class="hint">
              Decimal degrees, both or neither; “near me” searches find the venue only with them.
            </p>
          </div>
          <div class="field">
            <label for="hall-name">Hall</label>
            <input id="hall-name" name="hall" value="Main hall" required maxlength={200} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Layout</legend>
          <p class="hint" id="lines-hint">
            One line per group of rows (rows like A-J, 1-20 or A,B,C) or per standing area. Lines with the same section
            name make one section.
          </p>
          <div id="layout-lines" class="lines"></div>
          <button type="button" id="add-line" class="secondary">
            Add a line
          </button>
          <details id="json-details">
            <summary>Or paste the layout as JSON</summary>
            <div class="field">
              <label for="layout-json">Layout JSON (used instead of the lines when filled in)</label>
              <textarea id="layout-json" rows={10} spellcheck={false}></textarea>
            </div>
          </details>
        </fieldset>
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p id="preview-summary" aria-live="polite"></p>
          <div id="preview" class="seatmap"></div>
        </section>
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Create venue</button>
      </form>
      <section id="result" class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Venue created</h2>
        <div id="result-body"></div>
      </section>
    </Layout>
  );
}

/** The event's own fields, shared by the create page and the edit form (the scripts read them by name). */
export function EventFields() {
  return (
    <>
      <div class="field">
        <label for="event-title">Title</label>
        <input id="event-title" name="title" required maxlength={200} />
      </div>
      <div class="field">
        <label for="event-category">Category</label>
        <select id="event-category" name="category">
          {eventCategories.map((c) => (
            <option value={c}>{categoryLabels[c]}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="event-description">Description</label>
        <textarea id="event-description" name="description" rows={4} maxlength={10000}></textarea>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="event-genre">Genre</label>
          <input id="event-genre" name="genre" maxlength={100} />
        </div>
        <div class="field">
          <label for="event-language">Language</label>
          <input id="event-language" name="language" maxlength={100} />
        </div>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="event-duration">Duration (minutes)</label>
          <input id="event-duration" name="durationMinutes" type="number" min={1} max={100000} />
        </div>
        <div class="field">
          <label for="event-rating">Rating</label>
          <input id="event-rating" name="rating" maxlength={32} />
        </div>
      </div>
      <div class="field">
        <label for="event-performers">Performers</label>
        <input id="event-performers" name="performers" aria-describedby="performers-hint" />
        <p id="performers-hint" class="hint">
          Separated by commas.
        </p>
      </div>
    </>
  );
}

export function AdminEventPage() {
  return (
    <Layout title="New event" script="admin-event">
      <h1>New event</h1>
      <AdminNav />
      <Gate />
      <form id="event-form" class="stack" hidden>
        <EventFields />
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Create event</button>
      </form>
      <section id="result" class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Event created</h2>
        <div id="result-body"></div>
      </section>
    </Layout>
  );
}

export function AdminShowPage() {
  return (
    <Layout title="New show" script="admin-show">
      <h1>New show</h1>
      <AdminNav />
      <Gate />
      <form id="show-form" class="stack" hidden>
        <div class="field">
          <label for="show-event">Event</label>
          <select id="show-event" name="eventId" required aria-describedby="event-hint"></select>
          <p id="event-hint" class="hint"></p>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="show-venue">Venue</label>
            <select id="show-venue" name="venue" required></select>
          </div>
          <div class="field">
            <label for="show-hall">Hall</label>
            <select id="show-hall" name="hallId" required></select>
          </div>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="show-starts">
              Starts at (<span class="venue-zone">the venue's local time</span>)
            </label>
            <input
              id="show-starts"
              name="startsAt"
              type="datetime-local"
              required
              aria-describedby="show-starts-hint"
            />
            <p id="show-starts-hint" class="hint"></p>
          </div>
          <div class="field">
            <label for="show-sales-open">
              Sales open (optional, <span class="venue-zone">the venue's local time</span>)
            </label>
            <input id="show-sales-open" name="salesOpenAt" type="datetime-local" />
          </div>
        </div>
        <fieldset id="prices">
          <legend>Prices</legend>
          <div class="field">
            <label for="show-currency">Currency</label>
            <select id="show-currency" name="currency">
              <option value="EUR">EUR</option>
              <option value="GBP">GBP</option>
              <option value="USD">USD</option>
              <option value="INR">INR</option>
            </select>
          </div>
          <div id="price-fields"></div>
        </fieldset>
        <div class="field">
          <label for="show-hold-minutes">Hold time in minutes (optional)</label>
          <input id="show-hold-minutes" name="holdMinutes" type="number" min={1} max={1440} />
        </div>
        <p id="form-error" class="error" role="alert"></p>
        <button type="submit">Create show</button>
      </form>
      <section id="result" class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Show created</h2>
        <div id="result-body"></div>
      </section>
    </Layout>
  );
}
