import { inspectorIds } from '../assets/js/element-ids.js';

/** The inspector's one page: a shell the browser modules in ./assets fill from the admin API. */
function InspectorPage() {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Statechart inspector · Showtime</title>
        <link rel="stylesheet" href="/inspect/assets/inspector.css" />
        <script type="module" src="/inspect/assets/main.js"></script>
      </head>
      <body>
        <header class="top">
          <h1>
            Showtime <span>statechart inspector</span>
          </h1>
          <div class="who">
            <span id={inspectorIds.whoami}></span>
            <a id={inspectorIds.adminLink} href="/admin" hidden>
              Admin pages
            </a>
            <button id={inspectorIds.logout} type="button" hidden>
              Sign out
            </button>
          </div>
        </header>
        <main>
          <section id={inspectorIds.login} class="login" hidden aria-labelledby="login-title">
            <h2 id="login-title">Admin sign-in</h2>
            <p>The inspector shows live shows' internals; it is for admins only.</p>
            <p id={inspectorIds.loginError} class="error" role="alert"></p>
            <p>
              <a id={inspectorIds.loginLink} class="button" href="/login?next=%2Finspect">
                Log in on the site
              </a>{' '}
              <a href="/admin">Admin pages</a>
            </p>
          </section>

          <div id={inspectorIds.app} class="app" hidden>
            <aside class="live" aria-labelledby="live-title">
              <h2 id="live-title">Live shows</h2>
              <form id={inspectorIds.openForm} class="open">
                <label for={inspectorIds.openShow}>Show id</label>
                <input id={inspectorIds.openShow} name="show" placeholder="concert_2025" />
                <button type="submit">Inspect</button>
              </form>
              <div id={inspectorIds.liveList} class="live-list"></div>
            </aside>

            <section class="show" aria-live="off">
              <p id={inspectorIds.empty} class="empty">
                Pick a live show, or type a show id to wake it up.
              </p>
              <div id={inspectorIds.showView} hidden>
                <header class="show-head">
                  <h2 id={inspectorIds.showTitle}></h2>
                  <p id={inspectorIds.showMeta} class="meta"></p>
                </header>

                <section class="panel" aria-labelledby="chart-title">
                  <h3 id="chart-title">Statechart</h3>
                  <p id={inspectorIds.travelBanner} class="travel" hidden></p>
                  <div class="zoom" role="group" aria-label="Zoom the statechart">
                    <button id={inspectorIds.zoomOut} type="button" aria-label="Zoom out">
                      −
                    </button>
                    <output id={inspectorIds.zoomLevel} aria-live="polite">
                      100%
                    </output>
                    <button id={inspectorIds.zoomIn} type="button" aria-label="Zoom in">
                      +
                    </button>
                    <button id={inspectorIds.zoomReset} type="button">
                      Actual size
                    </button>
                    <button id={inspectorIds.zoomFit} type="button">
                      Fit to width
                    </button>
                  </div>
                  <div
                    id={inspectorIds.chart}
                    class="chart"
                    tabindex={0}
                    role="region"
                    aria-label="Statechart, scrollable"
                  ></div>
                  <p id={inspectorIds.chartCaption} class="caption"></p>
                </section>

                <section class="panel" aria-labelledby="history-title">
                  <h3 id="history-title">
                    History <span id={inspectorIds.historyRange} class="when"></span>
                  </h3>
                  <div class="scrubber">
                    <button id={inspectorIds.historyFirst} type="button" aria-label="First step">
                      First
                    </button>
                    <button id={inspectorIds.historyPrev} type="button" aria-label="Step back">
                      ◀
                    </button>
                    <input
                      id={inspectorIds.historySlider}
                      type="range"
                      min="0"
                      max="0"
                      value="0"
                      aria-label="History step"
                    />
                    <button id={inspectorIds.historyNext} type="button" aria-label="Step forward">
                      ▶
                    </button>
                    <button id={inspectorIds.historyLive} type="button">
                      Live
                    </button>
                  </div>
                  <div id={inspectorIds.step} class="step"></div>
                </section>

                <div class="cols facts-and-counts">
                  <section class="panel" aria-labelledby="actor-title">
                    <h3 id="actor-title">Actor</h3>
                    <dl id={inspectorIds.actor} class="facts"></dl>
                  </section>
                  <section class="panel" aria-labelledby="counts-title">
                    <h3 id="counts-title">Counts</h3>
                    <div
                      id={inspectorIds.counts}
                      class="table-scroll"
                      tabindex={0}
                      role="region"
                      aria-labelledby="counts-title"
                    ></div>
                  </section>
                </div>

                <section class="panel" aria-labelledby="grid-title">
                  <h3 id="grid-title">
                    Seats <span id={inspectorIds.gridWhen} class="when"></span>
                  </h3>
                  <div id={inspectorIds.grid} class="grid"></div>
                  <p id={inspectorIds.gridHover} class="hover">
                    &nbsp;
                  </p>
                </section>

                <section class="panel" aria-labelledby="holds-title">
                  <h3 id="holds-title">Holds</h3>
                  <div id={inspectorIds.holds}></div>
                </section>

                <div class="cols">
                  <section class="panel" aria-labelledby="waitlist-title">
                    <h3 id="waitlist-title">Waitlist</h3>
                    <div id={inspectorIds.waitlist}></div>
                  </section>
                  <section class="panel" aria-labelledby="stream-title">
                    <h3 id="stream-title">
                      Live events <span id={inspectorIds.streamStatus} class="when"></span>
                    </h3>
                    <ol id={inspectorIds.stream} class="stream"></ol>
                  </section>
                </div>
              </div>
            </section>
          </div>
        </main>
      </body>
    </html>
  );
}

export async function renderInspectorPage(): Promise<string> {
  return `<!doctype html>${await (<InspectorPage />).toString()}`;
}
