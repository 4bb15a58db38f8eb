import { Layout, Status } from '../layout.js';

export function EventPage({ eventId }: { eventId: string }) {
  return (
    <Layout title="Event" script="event" data={{ 'event-id': eventId }}>
      <p class="crumbs">
        <a href="/">← All events</a>
      </p>
      <article id="event">
        <h1 id="event-title">Event</h1>
        <Status id="event-status" />
        <div id="event-meta"></div>
      </article>
      <section aria-labelledby="shows-heading">
        <h2 id="shows-heading">Show times</h2>
        <div id="shows"></div>
      </section>
    </Layout>
  );
}
