import { DataTable, Layout, Status } from '../layout.js';
import { AdminNav, EventFields, Gate } from './admin.js';

export function AdminCatalogPage() {
  return (
    <Layout title="Events and venues" script="admin-catalog">
      <h1>Events and venues</h1>
      <AdminNav />
      <Gate />
      <div id="admin-body" hidden>
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Events</h2>
          <form id="event-search" class="inline-form" role="search">
            <div class="field">
              <label for="event-q">Find an event</label>
              <input id="event-q" name="q" type="search" />
            </div>
            <button type="submit" class="secondary">
              Search
            </button>
          </form>
          <Status id="events-status" />
          <DataTable id="events-table" columns={['Event', 'Category', 'Next show', { label: 'Manage', hiddenLabel: true }]} />
        </section>
        <section aria-labelledby="venues-heading">
          <h2 id="venues-heading">Venues</h2>
          <Status id="venues-status" />
          <div id="venue-list" class="admin-list"></div>
        </section>
      </div>
    </Layout>
  );
}

export function AdminEventManagePage({ eventId }: { eventId: string }) {
  return (
    <Layout title="Manage event" script="admin-event-manage" data={{ 'event-id': eventId }}>
      <p class="crumbs">
        <a href="/admin/catalog">Events and venues</a>
      </p>
      <h1 id="event-heading">Manage event</h1>
      <AdminNav />
      <Gate />
      <div id="admin-body" hidden>
        <Status id="event-status" />
        <section aria-labelledby="shows-heading">
          <h2 id="shows-heading">Upcoming shows</h2>
          <p class="hint">
            <a id="add-show-link" href="/admin/shows/new">
              Add a show
            </a>
          </p>
          <Status id="shows-status" />
          <div id="show-list" class="admin-list"></div>
        </section>
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Event details</h2>
          <form id="event-form" class="stack" novalidate hidden>
            <EventFields />
            <p id="form-error" class="error" role="alert"></p>
            <button type="submit">Save event</button>
            <Status id="event-saved" />
          </form>
        </section>
        <section aria-labelledby="remove-heading" class="panel danger-zone">
          <h2 id="remove-heading">Remove this event</h2>
          <p>
            It leaves the catalog. Its upcoming shows with nothing sold are removed; those with bookings are cancelled and
            every booking is refunded in full.
          </p>
          <button type="button" id="remove-event" class="danger">
            Remove event
          </button>
          <p id="remove-result" role="status" tabindex={-1}></p>
        </section>
      </div>
    </Layout>
  );
}
