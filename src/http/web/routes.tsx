import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { AccountPage, DataPage, NotificationsPage, PaymentsPage } from './pages/account.js';
import { AdminEventPage, AdminPage, AdminShowPage, AdminVenuePage } from './pages/admin.js';
import { AdminCatalogPage, AdminEventManagePage } from './pages/admin-catalog.js';
import { AdminApiKeysPage, AdminPromosPage, AdminWebhooksPage } from './pages/admin-commerce.js';
import {
  ForgotPasswordPage,
  LoginPage,
  OidcCompletePage,
  RegisterPage,
  ResetPasswordPage,
  VerifyEmailPage,
} from './pages/auth.js';
import { BookingPage, MyBookingsPage } from './pages/booking.js';
import { EventPage } from './pages/event.js';
import { HomePage } from './pages/home.js';
import { AdminRoomPage } from './pages/admin-room.js';
import { QueuePage } from './pages/queue.js';
import { ShowPage } from './pages/show.js';
import { loadAssets, serveAsset } from './static-assets.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

async function page(c: Context, element: JSX.Element): Promise<Response> {
  const html = `<!doctype html>${await element.toString()}`;
  return c.html(html, 200, {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-cache',
  });
}

/**
 * The customer web site and the admin pages: HTML shells rendered here, filled in the browser by
 * small ES modules that talk to the public REST API only (token in localStorage, SSE for live seats).
 */
export function webRoutes(): Hono {
  const assets = loadAssets(fileURLToPath(new URL('./assets/', import.meta.url)), {
    // The server's own show-time formatter, so the pages write a show's time exactly as emails and the CLI do.
    'js/zoned-time.js': fileURLToPath(new URL('../../format/zoned-time.js', import.meta.url)),
    // The server's own check of a `next` path, so the login pages and the OIDC callback agree on where to go.
    'js/safe-next.js': fileURLToPath(new URL('../safe-next.ts', import.meta.url)),
  });
  const app = new Hono();

  app.get('/assets/*', (c) => {
    const asset = assets.get(c.req.path.slice('/assets/'.length));
    return asset ? serveAsset(c, asset) : c.notFound();
  });

  app.get('/', (c) => page(c, <HomePage />));
  app.get('/events/:eventId', (c) => page(c, <EventPage eventId={c.req.param('eventId')} />));
  app.get('/shows/:showId', (c) => page(c, <ShowPage showId={c.req.param('showId')} />));
  app.get('/shows/:showId/queue', (c) => page(c, <QueuePage showId={c.req.param('showId')} />));
  app.get('/bookings/:bookingId', (c) => page(c, <BookingPage bookingId={c.req.param('bookingId')} />));
  app.get('/my-bookings', (c) => page(c, <MyBookingsPage />));
  app.get('/account', (c) => page(c, <AccountPage />));
  app.get('/account/notifications', (c) => page(c, <NotificationsPage />));
  app.get('/account/payments', (c) => page(c, <PaymentsPage />));
  app.get('/account/data', (c) => page(c, <DataPage />));
  app.get('/login', (c) => page(c, <LoginPage />));
  app.get('/login/complete', (c) => page(c, <OidcCompletePage />));
  app.get('/register', (c) => page(c, <RegisterPage />));
  app.get('/verify-email', (c) => page(c, <VerifyEmailPage />));
  app.get('/forgot-password', (c) => page(c, <ForgotPasswordPage />));
  app.get('/reset-password', (c) => page(c, <ResetPasswordPage />));
  app.get('/admin', (c) => page(c, <AdminPage />));
  app.get('/admin/venues/new', (c) => page(c, <AdminVenuePage />));
  app.get('/admin/events/new', (c) => page(c, <AdminEventPage />));
  app.get('/admin/shows/new', (c) => page(c, <AdminShowPage />));
  app.get('/admin/shows/:showId/room', (c) => page(c, <AdminRoomPage showId={c.req.param('showId')} />));
  app.get('/admin/catalog', (c) => page(c, <AdminCatalogPage />));
  app.get('/admin/events/:eventId', (c) => page(c, <AdminEventManagePage eventId={c.req.param('eventId')} />));
  app.get('/admin/promos', (c) => page(c, <AdminPromosPage />));
  app.get('/admin/webhooks', (c) => page(c, <AdminWebhooksPage />));
  app.get('/admin/api-keys', (c) => page(c, <AdminApiKeysPage />));
  return app;
}
