import { DataTable, Layout, Status } from '../layout.js';
import { accountIds, myDataIds, notificationsIds, paymentsIds } from '../assets/js/element-ids.js';

type Section = 'points' | 'notifications' | 'payments' | 'data';

const sections: { id: Section; href: string; label: string }[] = [
  { id: 'points', href: '/account', label: 'Points' },
  { id: 'notifications', href: '/account/notifications', label: 'Notifications' },
  { id: 'payments', href: '/account/payments', label: 'Payments' },
  { id: 'data', href: '/account/data', label: 'Your data' },
];

/** The account area's own navigation, the current page marked for screen readers too. */
function AccountNav({ current }: { current: Section }) {
  return (
    <nav class="account-nav" aria-label="My account">
      <ul>
        {sections.map((s) => (
          <li>
            <a href={s.href} aria-current={s.id === current ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
        <li>
          <a href="/my-bookings">Bookings</a>
        </li>
      </ul>
    </nav>
  );
}

export function AccountPage() {
  return (
    <Layout title="My account" script="account">
      <h1>My account</h1>
      <AccountNav current="points" />
      <Status id={accountIds.accountStatus} />
      <section id={accountIds.verifyEmail} class="panel" aria-labelledby="verify-heading" hidden>
        <h2 id="verify-heading">Confirm your email address</h2>
        <p>
          We sent a link to <strong id={accountIds.verifyAddress}></strong>. Until you open it, we email you nothing
          else: your confirmations and tickets are here and under Notifications.
        </p>
        <button type="button" id={accountIds.sendVerification}>
          Send the link again
        </button>
        <Status id={accountIds.verifyStatus} />
      </section>
      <section class="panel" aria-labelledby="points-heading">
        <h2 id="points-heading">Loyalty points</h2>
        <div class="points-summary">
          <div>
            <p id={accountIds.pointsTotal} class="points-big"></p>
            <p class="meta">points to spend at checkout (1 point = 1 cent off the seats)</p>
          </div>
          <div>
            <p>
              Tier: <span id={accountIds.pointsTier} class="badge"></span>
            </p>
            <p id={accountIds.pointsRate} class="meta"></p>
          </div>
          <div id={accountIds.tierProgress} class="tier-progress"></div>
        </div>
      </section>
      <section class="account-section" aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">History</h2>
        <DataTable
          id="ledger"
          hidden={false}
          caption="What each change of your points was for, newest first"
          columns={['When', { label: 'Points', num: true }, 'What for', 'Booking']}
          bodyId={accountIds.ledgerRows}
        />
        <Status id={accountIds.ledgerStatus} />
      </section>
      <section class="account-section" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <div id={accountIds.passwordChange} hidden>
          <form id={accountIds.passwordForm} class="stack narrow">
            <div class="field">
              <label for="current-password">Current password</label>
              <input
                id="current-password"
                name="currentPassword"
                type="password"
                autocomplete="current-password"
                required
              />
            </div>
            <div class="field">
              <label for="new-password">New password</label>
              <input
                id="new-password"
                name="newPassword"
                type="password"
                autocomplete="new-password"
                required
                minlength={8}
                aria-describedby="new-password-hint"
              />
              <p id="new-password-hint" class="hint">
                At least 8 characters. Your other devices are signed out; this one stays signed in.
              </p>
            </div>
            <button type="submit">Change password</button>
          </form>
          <Status id={accountIds.passwordStatus} />
        </div>
        <div id={accountIds.passwordSet} hidden>
          <p>
            Your account has no password: you sign in with the account you made it with. To have one as well, we email
            you a link to choose it (the same link as for a forgotten password).
          </p>
          <button type="button" id={accountIds.sendPasswordLink}>
            Email me a link to set a password
          </button>
          <Status id={accountIds.passwordLinkStatus} />
        </div>
      </section>
      <section class="account-section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p class="meta">Signed in on a device you no longer have? This signs you out on every device, this one too.</p>
        <button type="button" id={accountIds.logoutEverywhere}>
          Sign out everywhere
        </button>
        <Status id={accountIds.sessionsStatus} />
      </section>
    </Layout>
  );
}

export function NotificationsPage() {
  return (
    <Layout title="Notifications" script="notifications">
      <h1>Notifications</h1>
      <AccountNav current="notifications" />
      <div class="toolbar">
        <Status id={notificationsIds.notificationsStatus} />
        <button type="button" id={notificationsIds.readAll} class="secondary" hidden>
          Mark all read
        </button>
      </div>
      <ul id={notificationsIds.notifications} class="notice-list"></ul>
      <button type="button" id={notificationsIds.older} class="secondary" hidden>
        Show older
      </button>
    </Layout>
  );
}

export function PaymentsPage() {
  return (
    <Layout title="Payments" script="payments">
      <h1>Payments</h1>
      <AccountNav current="payments" />
      <Status id={paymentsIds.paymentsStatus} />
      <ul id={paymentsIds.payments} class="cards"></ul>
    </Layout>
  );
}

/** A copy of everything held about the customer, and erasing the account. */
export function DataPage() {
  return (
    <Layout title="Your data" script="my-data">
      <h1>Your data</h1>
      <AccountNav current="data" />
      <section class="panel" aria-labelledby="export-heading">
        <h2 id="export-heading">Download your data</h2>
        <p>
          One JSON file with everything we hold about you: your account, bookings and tickets, payments (no card data is
          kept), points, notifications, reviews and support questions.
        </p>
        <button type="button" id={myDataIds.exportData}>
          Download my data
        </button>
        <Status id={myDataIds.exportStatus} />
      </section>
      <section class="panel danger-zone" aria-labelledby="erase-heading">
        <h2 id="erase-heading">Delete your account</h2>
        <p>
          Your name, email address, password, notifications, support questions and API keys are deleted, and you are
          signed out everywhere. Bookings and payments stay for our accounts, no longer linked to you; your reviews stay
          as Anonymous.
        </p>
        <p>
          While you have bookings for shows still to come, the account cannot be deleted: cancel them first (the show's
          cancellation policy applies) or wait until they have taken place.
        </p>
        <p id={myDataIds.eraseReauth} hidden>
          You sign in with another account, so there is no password to ask for: sign in with it again just before
          deleting (within ten minutes).
        </p>
        <form id={myDataIds.eraseForm}>
          <label id={myDataIds.erasePasswordLabel}>
            Password
            <input
              id={myDataIds.erasePassword}
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </label>
          <button type="submit" class="danger">
            Delete my account
          </button>
        </form>
        <Status id={myDataIds.eraseStatus} focusable />
        <ul id={myDataIds.eraseBlockers}></ul>
      </section>
    </Layout>
  );
}
