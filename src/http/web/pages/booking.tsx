import { Layout, Status } from '../layout.js';
import { bookingIds, myBookingsIds } from '../assets/js/element-ids.js';

export function BookingPage({ bookingId }: { bookingId: string }) {
  return (
    <Layout title="Your tickets" script="booking" data={{ 'booking-id': bookingId }}>
      <p class="crumbs">
        <a href="/my-bookings">← My bookings</a>
      </p>
      <h1>Your tickets</h1>
      <Status id={bookingIds.bookingStatus} focusable />
      <div id={bookingIds.booking} class="booking"></div>
    </Layout>
  );
}

export function MyBookingsPage() {
  return (
    <Layout title="My bookings" script="my-bookings">
      <h1>My bookings</h1>
      <Status id={myBookingsIds.bookingsStatus} />
      <ul id={myBookingsIds.bookings} class="cards"></ul>
    </Layout>
  );
}
