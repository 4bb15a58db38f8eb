import type { Child } from 'hono/jsx';
import { layoutIds } from './assets/js/element-ids.js';

export interface LayoutProps {
  title: string;
  /** The page's script, a module under /assets/js/pages/. */
  script: string;
  /** Values the script reads from `<main data-...>` (ids from the path). */
  data?: Record<string, string>;
  children?: Child;
}

/**
 * The frame every page shares. The server renders the structure (headings, forms, empty regions with
 * their labels); the page's script fills them from the public API, so the site is one more API client.
 */
export function Layout({ title, script, data = {}, children }: LayoutProps) {
  const dataAttributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Showtime`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/site.css" />
        <script type="module" src={`/assets/js/pages/${script}.js`}></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            Showtime
          </a>
          <a id={layoutIds.holdsBadge} class="holds-badge" href="/my-bookings" hidden></a>
          <button
            type="button"
            id={layoutIds.menuToggle}
            class="menu-toggle secondary"
            aria-expanded="false"
            aria-controls="site-menu"
          >
            Menu
          </button>
          <div id="site-menu" class="site-menu">
            <nav aria-label="Main">
              <ul>
                <li>
                  <a href="/">Browse</a>
                </li>
                <li>
                  <a href="/my-bookings">My bookings</a>
                </li>
                <li id={layoutIds.navAccount} hidden>
                  <a href="/account">My account</a>
                </li>
                <li id={layoutIds.navNotifications} hidden>
                  <a href="/account/notifications">
                    Notifications
                    <span id={layoutIds.unreadCount} class="nav-count"></span>
                  </a>
                </li>
                <li id={layoutIds.navAdmin} hidden>
                  <a href="/admin">Admin</a>
                </li>
              </ul>
            </nav>
            <div id={layoutIds.account} class="account"></div>
          </div>
        </header>
        <main id={layoutIds.main} tabindex={-1} {...dataAttributes}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            Showtime demo · payments use a test gateway · <a href="/docs">API docs</a>
          </p>
        </footer>
        <div id={layoutIds.announcer} class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
      </body>
    </html>
  );
}

/** A polite status line a script fills (loading, results, errors); `focusable` lets a script move focus to it. */
export function Status({ id, focusable = false }: { id: string; focusable?: boolean }) {
  return <p id={id} class="status" role="status" aria-live="polite" tabindex={focusable ? -1 : undefined}></p>;
}

/** A column heading; `num` right-aligns numbers, `hiddenLabel` is read by screen readers only (an actions column). */
export type Column = string | { label: string; num?: boolean; hiddenLabel?: boolean };

/**
 * A table a script fills: the scroll wrapper, the caption and the headings are fixed here, the rows
 * go into its tbody. `hidden` keeps it out of sight until the script has rows to show.
 */
export function DataTable(props: {
  id: string;
  columns: Column[];
  caption?: string;
  captionId?: string;
  bodyId?: string;
  hidden?: boolean;
}) {
  const { id, columns, caption, captionId, bodyId, hidden = true } = props;
  return (
    <div class="table-scroll">
      <table id={id} class="data" hidden={hidden}>
        {caption !== undefined || captionId !== undefined ? <caption id={captionId}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => {
              const c = typeof column === 'string' ? { label: column } : column;
              return (
                <th scope="col" class={c.num ? 'num' : undefined}>
                  {c.hiddenLabel ? <span class="visually-hidden">{c.label}</span> : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody id={bodyId}></tbody>
      </table>
    </div>
  );
}
