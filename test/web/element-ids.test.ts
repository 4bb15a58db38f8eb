import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as elementIds from '../../src/http/web/assets/js/element-ids.js';
import { renderInspectorPage } from '../../src/http/web/inspector/page.js';
import { AccountPage, DataPage, NotificationsPage, PaymentsPage } from '../../src/http/web/pages/account.js';
import { AdminEventPage, AdminPage, AdminShowPage, AdminVenuePage } from '../../src/http/web/pages/admin.js';
import { AdminCatalogPage, AdminEventManagePage } from '../../src/http/web/pages/admin-catalog.js';
import { AdminApiKeysPage, AdminPromosPage, AdminWebhooksPage } from '../../src/http/web/pages/admin-commerce.js';
import { AdminRoomPage } from '../../src/http/web/pages/admin-room.js';
import {
  ForgotPasswordPage,
  LoginPage,
  OidcCompletePage,
  RegisterPage,
  ResetPasswordPage,
  VerifyEmailPage,
} from '../../src/http/web/pages/auth.js';
import { BookingPage, MyBookingsPage } from '../../src/http/web/pages/booking.js';
import { EventPage } from '../../src/http/web/pages/event.js';
import { HomePage } from '../../src/http/web/pages/home.js';
import { QueuePage } from '../../src/http/web/pages/queue.js';
import { ShowPage } from '../../src/http/web/pages/show.js';

const html = async (element: { toString(): string | Promise<string> }) => element.toString();

const sitePages = {
  home: () => html(HomePage()),
  event: () => html(EventPage({ eventId: 'e1' })),
  show: () => html(ShowPage({ showId: 's1' })),
  queue: () => html(QueuePage({ showId: 's1' })),
  booking: () => html(BookingPage({ bookingId: 'b1' })),
  myBookings: () => html(MyBookingsPage()),
  account: () => html(AccountPage()),
  notifications: () => html(NotificationsPage()),
  payments: () => html(PaymentsPage()),
  myData: () => html(DataPage()),
  login: () => html(LoginPage()),
  register: () => html(RegisterPage()),
  verifyEmail: () => html(VerifyEmailPage()),
  forgotPassword: () => html(ForgotPasswordPage()),
  resetPassword: () => html(ResetPasswordPage()),
  oidcComplete: () => html(OidcCompletePage()),
  admin: () => html(AdminPage()),
  adminVenue: () => html(AdminVenuePage()),
  adminEvent: () => html(AdminEventPage()),
  adminShow: () => html(AdminShowPage()),
  adminRoom: () => html(AdminRoomPage({ showId: 's1' })),
  adminCatalog: () => html(AdminCatalogPage()),
  adminEventManage: () => html(AdminEventManagePage({ eventId: 'e1' })),
  adminPromos: () => html(AdminPromosPage()),
  adminWebhooks: () => html(AdminWebhooksPage()),
  adminApiKeys: () => html(AdminApiKeysPage()),
};
type PageName = keyof typeof sitePages | 'inspector';

const pages: Record<PageName, () => Promise<string>> = { ...sitePages, inspector: renderInspectorPage };
const site = Object.keys(sitePages) as PageName[];
const admin = site.filter((name) => name.startsWith('admin'));

/** Which pages carry every id of a group: the group is what their scripts look up. */
const groupPages: Record<keyof typeof elementIds, PageName[]> = {
  layoutIds: site,
  authFormIds: ['login', 'register'],
  loginIds: ['login'],
  registerIds: ['register'],
  verifyEmailIds: ['verifyEmail'],
  forgotPasswordIds: ['forgotPassword'],
  resetPasswordIds: ['resetPassword'],
  oidcCompleteIds: ['oidcComplete'],
  homeIds: ['home'],
  askBoxIds: ['home'],
  eventIds: ['event'],
  showIds: ['show'],
  queueIds: ['queue'],
  bookingIds: ['booking'],
  myBookingsIds: ['myBookings'],
  accountIds: ['account'],
  notificationsIds: ['notifications'],
  paymentsIds: ['payments'],
  myDataIds: ['myData'],
  adminGateIds: admin,
  adminResultIds: ['adminVenue', 'adminEvent', 'adminShow'],
  adminIds: ['admin'],
  adminVenueIds: ['adminVenue'],
  adminEventIds: ['adminEvent'],
  adminShowIds: ['adminShow'],
  adminRoomIds: ['adminRoom'],
  adminCatalogIds: ['adminCatalog'],
  adminEventManageIds: ['adminEventManage'],
  adminPromosIds: ['adminPromos'],
  adminWebhooksIds: ['adminWebhooks'],
  adminApiKeysIds: ['adminApiKeys'],
  inspectorIds: ['inspector'],
};

async function renderedIds(): Promise<Map<PageName, Set<string>>> {
  const rendered = new Map<PageName, Set<string>>();
  for (const [name, render] of Object.entries(pages) as [PageName, () => Promise<string>][]) {
    rendered.set(name, new Set([...(await render()).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)));
  }
  return rendered;
}

const webDir = fileURLToPath(new URL('../../src/http/web/', import.meta.url));

function clientFiles(dir: string): { file: string; source: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return clientFiles(path);
    if (!/\.(js|ts)$/.test(entry.name) || entry.name.endsWith('.d.ts') || entry.name === 'element-ids.ts') return [];
    return [{ file: path.slice(webDir.length), source: readFileSync(path, 'utf8') }];
  });
}

const client = [...clientFiles(join(webDir, 'assets')), ...clientFiles(join(webDir, 'inspector/assets'))];

/** Ids a script gives an element it makes itself (`h('p', { id: 'room-when' })`): no page renders those. */
const made = new Set(client.flatMap(({ source }) => [...source.matchAll(/\bid:\s*'([\w-]+)'/g)].map((m) => m[1]!)));

/**
 * Ids a script still names as a string: looked up (`byId`, `getElementById`, the inspector's `$`,
 * `querySelector('#…')`) or handed to a helper that looks them up (`requireAdmin`, `formId`).
 */
const LOOKUPS =
  /(?:\bbyId|\bgetElementById|(?<![\w$])\$|\brequireAdmin)\(\s*['"]([^'"]+)['"]|querySelector(?:All)?\(\s*['"]#([\w-]+)['"]|\bformId:\s*['"]([^'"]+)['"]/g;

describe('element ids shared by the pages and the browser scripts', () => {
  it('every page named for a group renders every id of it', async () => {
    const rendered = await renderedIds();
    const missing: string[] = [];
    for (const [group, names] of Object.entries(groupPages)) {
      const ids = Object.values(elementIds[group as keyof typeof elementIds]);
      expect(ids.length, group).toBeGreaterThan(0);
      for (const name of names) {
        for (const id of ids) if (!rendered.get(name)!.has(id)) missing.push(`${group}: ${name} lacks #${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key is its id in camelCase, so a key says which id it is', () => {
    for (const group of Object.values(elementIds)) {
      for (const [key, id] of Object.entries(group)) {
        expect(key).toBe(id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
      }
    }
  });

  it('an id a script names as a string is rendered by some page or made by a script', async () => {
    const rendered = new Set([...(await renderedIds()).values()].flatMap((ids) => [...ids]));
    const unknown = client.flatMap(({ file, source }) =>
      [...source.matchAll(LOOKUPS)]
        .map((m) => m[1] ?? m[2] ?? m[3]!)
        .filter((id) => !rendered.has(id) && !made.has(id))
        .map((id) => `${file}: #${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every id in the module is used by a script, by its key', () => {
    const sources = client.map(({ source }) => source).join('\n');
    const unused: string[] = [];
    for (const [group, ids] of Object.entries(elementIds)) {
      for (const key of Object.keys(ids)) {
        if (!sources.includes(`${group}.${key}`)) unused.push(`${group}.${key}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it("scripts look the pages' ids up through the module: only an id a script makes itself is named as a string", () => {
    const named = client.flatMap(({ file, source }) =>
      [...source.matchAll(LOOKUPS)]
        .map((m) => m[1] ?? m[2] ?? m[3]!)
        .filter((id) => !made.has(id))
        .map((id) => `${file}: #${id}`),
    );
    expect(named).toEqual([]);
  });

  it('the scan finds the lookups it is meant to find', () => {
    const ids = (source: string) => [...source.matchAll(LOOKUPS)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(ids(`byId('a'); document.getElementById("b"); $('c'); el.querySelector('#d');`)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(ids(`requireAdmin('e'); authForm({ formId: 'f' }); x$('g'); byId(showIds.h)`)).toEqual(['e', 'f']);
  });
});
