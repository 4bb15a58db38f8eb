import { Layout, Status } from '../layout.js';
import { eventIds } from '../assets/js/element-ids.js';

export function EventPage({ eventId }: { eventId: string }) {
  return (
    <Layout title="Event" script="event" data={{ 'event-id': eventId }}>
      <p class="crumbs">
        <a href="/">← All events</a>
      </p>
      <article id="event">
        <h1 id={eventIds.eventTitle}>Event</h1>
        <Status id={eventIds.eventStatus} />
        <div id={eventIds.eventMeta}></div>
      </article>
      <section aria-labelledby="shows-heading">
        <h2 id="shows-heading">Show times</h2>
        <div id={eventIds.shows}></div>
      </section>
    </Layout>
  );
}
