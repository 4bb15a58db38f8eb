import { DataTable, Layout, Status } from '../layout.js';
import { AdminNav, EventFields, Gate } from './admin.js';
import { adminCatalogIds, adminEventManageIds } from '../assets/js/element-ids.js';

export function AdminCatalogPage() {
  return (
    <Layout title="Events and venues" script="admin-catalog">
      <h1>Events and venues</h1>
      <AdminNav />
      <Gate />
      <div id={adminCatalogIds.adminBody} hidden>
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Events</h2>
          <form id={adminCatalogIds.eventSearch} class="inline-form" role="search">
            <div class="field">
              <label for={adminCatalogIds.eventQ}>Find an event</label>
              <input id={adminCatalogIds.eventQ} name="q" type="search" />
            </div>
            <button type="submit" class="secondary">
              Search
            </button>
          </form>
          <Status id={adminCatalogIds.eventsStatus} />
          <DataTable
            id={adminCatalogIds.eventsTable}
            columns={['Event', 'Category', 'Next show', { label: 'Manage', hiddenLabel: true }]}
          />
        </section>
        <section aria-labelledby="venues-heading">
          <h2 id="venues-heading">Venues</h2>
          <Status id={adminCatalogIds.venuesStatus} />
          <div id={adminCatalogIds.venueList} class="admin-list"></div>
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
      <h1 id={adminEventManageIds.eventHeading}>Manage event</h1>
      <AdminNav />
      <Gate />
      <div id={adminEventManageIds.adminBody} hidden>
        <Status id={adminEventManageIds.eventStatus} />
        <section aria-labelledby="shows-heading">
          <h2 id="shows-heading">Upcoming shows</h2>
          <p class="hint">
            <a id={adminEventManageIds.addShowLink} href="/admin/shows/new">
              Add a show
            </a>
          </p>
          <Status id={adminEventManageIds.showsStatus} />
          <div id={adminEventManageIds.showList} class="admin-list"></div>
        </section>
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Event details</h2>
          <form id={adminEventManageIds.eventForm} class="stack" novalidate hidden>
            <EventFields />
            <p id={adminEventManageIds.formError} class="error" role="alert"></p>
            <button type="submit">Save event</button>
            <Status id={adminEventManageIds.eventSaved} />
          </form>
        </section>
        <section aria-labelledby="remove-heading" class="panel danger-zone">
          <h2 id="remove-heading">Remove this event</h2>
          <p>
            It leaves the catalog. Its upcoming shows with nothing sold are removed; those with bookings are cancelled
            and every booking is refunded in full.
          </p>
          <button type="button" id={adminEventManageIds.removeEvent} class="danger">
            Remove event
          </button>
          <p id={adminEventManageIds.removeResult} role="status" tabindex={-1}></p>
        </section>
      </div>
    </Layout>
  );
}
