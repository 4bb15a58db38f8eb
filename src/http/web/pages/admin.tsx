import { eventCategories } from '../../../db/schema/catalog.js';
import { categoryLabels } from '../labels.js';
import { DataTable, Layout, Status } from '../layout.js';
import {
  adminEventIds,
  adminGateIds,
  adminIds,
  adminResultIds,
  adminShowIds,
  adminVenueIds,
} from '../assets/js/element-ids.js';

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
  return <p id={adminGateIds.adminGate} class="status" role="status" aria-live="polite"></p>;
}

export function AdminPage() {
  return (
    <Layout title="Admin" script="admin">
      <h1>Admin</h1>
      <AdminNav />
      <Gate />
      <div id={adminIds.adminBody} hidden>
        <section id="stats" aria-labelledby="stats-heading">
          <h2 id="stats-heading">Sales</h2>
          <Status id={adminIds.statsStatus} />
          <dl id={adminIds.statsSummary} class="stats"></dl>
        </section>
        <section aria-labelledby="shows-heading">
          <h2 id="shows-heading">Shows by venue</h2>
          <div class="field">
            <label for={adminIds.venue}>Venue</label>
            <select id={adminIds.venue}></select>
          </div>
          <Status id={adminIds.showsStatus} />
          <DataTable
            id={adminIds.showsTable}
            captionId={adminIds.showsCaption}
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
      <form id={adminVenueIds.venueForm} class="stack" hidden>
        <fieldset>
          <legend>Venue</legend>
          <div class="field">
            <label for={adminVenueIds.venueName}>Name</label>
            <input id={adminVenueIds.venueName} name="name" required maxlength={200} />
          </div>
          <div class="field">
            <label for={adminVenueIds.venueCity}>City</label>
            <input
              id={adminVenueIds.venueCity}
              name="city"
              list={adminVenueIds.cityList}
              required
              aria-describedby="city-hint"
            />
            <datalist id={adminVenueIds.cityList}></datalist>
            <p id="city-hint" class="hint">
              An existing city, or a new one.
            </p>
          </div>
          <div class="field">
            <label for={adminVenueIds.venueAddress}>Address</label>
            <input id={adminVenueIds.venueAddress} name="address" maxlength={500} />
          </div>
          <div class="field">
            <label for={adminVenueIds.venuePostalCode}>Postal code</label>
            <input id={adminVenueIds.venuePostalCode} name="postalCode" maxlength={20} />
          </div>
          <div class="field">
            <label for={adminVenueIds.venueTimeZone}>Time zone</label>
            <input
              id={adminVenueIds.venueTimeZone}
              name="timeZone"
              list={adminVenueIds.timeZoneList}
              maxlength={64}
              aria-describedby="time-zone-hint"
            />
            <datalist id={adminVenueIds.timeZoneList}></datalist>
            <p id="time-zone-hint" class="hint">
              Show times are set and shown on this clock, such as Europe/Berlin. Empty: the zone of the city's other
              venues (UTC in a new city).
            </p>
          </div>
          <div class="field">
            <label for={adminVenueIds.venueLatitude}>Latitude</label>
            <input
              id={adminVenueIds.venueLatitude}
              name="latitude"
              type="number"
              step="any"
              min={-90}
              max={90}
              aria-describedby="location-hint"
            />
          </div>
          <div class="field">
            <label for={adminVenueIds.venueLongitude}>Longitude</label>
            <input
              id={adminVenueIds.venueLongitude}
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
            <label for={adminVenueIds.hallName}>Hall</label>
            <input id={adminVenueIds.hallName} name="hall" value="Main hall" required maxlength={200} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Layout</legend>
          <p class="hint" id="lines-hint">
            One line per group of rows (rows like A-J, 1-20 or A,B,C) or per standing area. Lines with the same section
            name make one section.
          </p>
          <div id={adminVenueIds.layoutLines} class="lines"></div>
          <button type="button" id={adminVenueIds.addLine} class="secondary">
            Add a line
          </button>
          <details id="json-details">
            <summary>Or paste the layout as JSON</summary>
            <div class="field">
              <label for={adminVenueIds.layoutJson}>Layout JSON (used instead of the lines when filled in)</label>
              <textarea id={adminVenueIds.layoutJson} rows={10} spellcheck={false}></textarea>
            </div>
          </details>
        </fieldset>
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p id={adminVenueIds.previewSummary} aria-live="polite"></p>
          <div id={adminVenueIds.preview} class="seatmap"></div>
        </section>
        <p id={adminVenueIds.formError} class="error" role="alert"></p>
        <button type="submit">Create venue</button>
      </form>
      <section id={adminResultIds.result} class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Venue created</h2>
        <div id={adminResultIds.resultBody}></div>
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
      <form id={adminEventIds.eventForm} class="stack" hidden>
        <EventFields />
        <p id={adminEventIds.formError} class="error" role="alert"></p>
        <button type="submit">Create event</button>
      </form>
      <section id={adminResultIds.result} class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Event created</h2>
        <div id={adminResultIds.resultBody}></div>
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
      <form id={adminShowIds.showForm} class="stack" hidden>
        <div class="field">
          <label for={adminShowIds.showEvent}>Event</label>
          <select
            id={adminShowIds.showEvent}
            name="eventId"
            required
            aria-describedby={adminShowIds.eventHint}
          ></select>
          <p id={adminShowIds.eventHint} class="hint"></p>
        </div>
        <div class="field-row">
          <div class="field">
            <label for={adminShowIds.showVenue}>Venue</label>
            <select id={adminShowIds.showVenue} name="venue" required></select>
          </div>
          <div class="field">
            <label for={adminShowIds.showHall}>Hall</label>
            <select id={adminShowIds.showHall} name="hallId" required></select>
          </div>
        </div>
        <div class="field-row">
          <div class="field">
            <label for={adminShowIds.showStarts}>
              Starts at (<span class="venue-zone">the venue's local time</span>)
            </label>
            <input
              id={adminShowIds.showStarts}
              name="startsAt"
              type="datetime-local"
              required
              aria-describedby={adminShowIds.showStartsHint}
            />
            <p id={adminShowIds.showStartsHint} class="hint"></p>
          </div>
          <div class="field">
            <label for={adminShowIds.showSalesOpen}>
              Sales open (optional, <span class="venue-zone">the venue's local time</span>)
            </label>
            <input id={adminShowIds.showSalesOpen} name="salesOpenAt" type="datetime-local" />
          </div>
        </div>
        <fieldset id="prices">
          <legend>Prices</legend>
          <div class="field">
            <label for={adminShowIds.showCurrency}>Currency</label>
            <select id={adminShowIds.showCurrency} name="currency">
              <option value="EUR">EUR</option>
              <option value="GBP">GBP</option>
              <option value="USD">USD</option>
              <option value="INR">INR</option>
            </select>
          </div>
          <div id={adminShowIds.priceFields}></div>
        </fieldset>
        <div class="field">
          <label for={adminShowIds.showHoldMinutes}>Hold time in minutes (optional)</label>
          <input id={adminShowIds.showHoldMinutes} name="holdMinutes" type="number" min={1} max={1440} />
        </div>
        <p id={adminShowIds.formError} class="error" role="alert"></p>
        <button type="submit">Create show</button>
      </form>
      <section id={adminResultIds.result} class="panel" hidden tabindex={-1} aria-labelledby="result-heading">
        <h2 id="result-heading">Show created</h2>
        <div id={adminResultIds.resultBody}></div>
      </section>
    </Layout>
  );
}
