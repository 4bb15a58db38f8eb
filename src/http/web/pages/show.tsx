import { Layout, Status } from '../layout.js';

const MAX_SEATS_SHOWN = 10;

/** The seat map, the ways to pick seats, the hold with its checkout, and the waitlist. */
export function ShowPage({ showId }: { showId: string }) {
  return (
    <Layout title="Choose seats" script="show" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id="event-link" href="/">
          ← All events
        </a>
      </p>
      <header class="show-header">
        <h1 id="show-title">Choose seats</h1>
        <p id="show-when" class="lead"></p>
        <p id="show-state" class="show-state"></p>
        <p id="show-counts" class="counts"></p>
      </header>
      <Status id="show-status" />
      <p id="turn-note" class="turn-note" hidden>
        Your turn in the waiting room: <span id="turn-timer" class="timer" role="timer"></span> left to hold seats.
      </p>
      <p id="turn-timer-spoken" class="visually-hidden" aria-live="polite"></p>

      <div class="show-layout">
        <section id="picker" class="panel" aria-labelledby="picker-heading">
          <h2 id="picker-heading">Choose seats</h2>
          <form id="best-form" class="inline-form" aria-labelledby="best-heading">
            <h3 id="best-heading">Best available</h3>
            <div class="field">
              <label for="best-quantity">Seats</label>
              <QuantitySelect id="best-quantity" />
            </div>
            <div class="field">
              <label for="best-category">Category</label>
              <select id="best-category" name="category">
                <option value="">Any category</option>
              </select>
            </div>
            <div class="field">
              <label for="best-section">Section</label>
              <select id="best-section" name="section">
                <option value="">Any section</option>
              </select>
            </div>
            <div class="field field--button">
              <button type="submit" id="best-submit">
                Hold best seats
              </button>
            </div>
          </form>

          <h3 id="map-heading">Seat map</h3>
          <p class="hint" id="map-hint">
            Pick seats on the map (Tab to the map, arrow keys to a seat, Enter or Space to select it), then hold them.
          </p>
          <div id="legend" class="legend" aria-label="Legend"></div>
          <div id="seatmap" class="seatmap" aria-describedby="map-hint"></div>
          <p id="seat-info" class="seat-info" aria-hidden="true"></p>
          <div class="selection" id="selection">
            <p id="selection-summary" aria-live="polite">
              No seats selected.
            </p>
            <button type="button" id="hold-selected" disabled>
              Hold selected seats
            </button>
            <button type="button" id="clear-selection" class="secondary" disabled>
              Clear selection
            </button>
          </div>
          <p id="picker-error" class="error" role="alert"></p>
        </section>

        <section id="hold-panel" class="panel panel--hold" aria-labelledby="hold-heading" hidden>
          <h2 id="hold-heading" tabindex={-1}>
            Your seats are held
          </h2>
          <ul id="hold-seats" class="hold-seats"></ul>
          <p class="countdown">
            Time left to pay: <span id="hold-timer" class="timer" role="timer"></span>
          </p>
          <p id="hold-timer-spoken" class="visually-hidden" aria-live="polite"></p>
          <section class="price-summary" aria-labelledby="summary-heading">
            <h3 id="summary-heading">Price</h3>
            <table id="price-table" class="price-table" aria-labelledby="summary-heading" aria-busy="true">
              <tbody id="price-lines"></tbody>
              <tfoot>
                <tr class="price-total">
                  <th scope="row">Total</th>
                  <td id="hold-total" class="num"></td>
                </tr>
              </tfoot>
            </table>
            <p id="quote-note" class="note" role="status"></p>
          </section>
          <form id="promo-form" class="promo-form">
            <label for="promo-code">
              Promo code
            </label>
            <div class="input-row">
              <input
                id="promo-code"
                name="promoCode"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                maxlength={64}
                aria-describedby="promo-message"
              />
              <button type="submit" id="promo-apply" class="secondary">
                Apply
              </button>
              <button type="button" id="promo-remove" class="link-button" hidden>
                Remove code
              </button>
            </div>
            <p id="promo-message" class="promo-message" aria-live="polite"></p>
          </form>
          <div id="points-box" class="points-box">
            <div class="check">
              <input type="checkbox" id="use-points" aria-describedby="points-balance" disabled />
              <label for="use-points">Use my points</label>
            </div>
            <p id="points-balance" class="hint"></p>
          </div>
          <form id="checkout-form" class="stack" aria-labelledby="checkout-heading">
            <h3 id="checkout-heading">Pay by card</h3>
            <p class="hint" id="card-hint">
              Test mode: the test card 4242 4242 4242 4242 is filled in (any future expiry, any CVC). Card 4000 0000
              0000 0002 is declined.
            </p>
            <div class="field">
              <label for="card-number">Card number</label>
              <input
                id="card-number"
                name="cardNumber"
                inputmode="numeric"
                autocomplete="cc-number"
                value="4242 4242 4242 4242"
                required
                aria-describedby="card-hint"
              />
            </div>
            <div class="field-row">
              <div class="field">
                <label for="card-expiry">Expiry (MM/YY)</label>
                <input id="card-expiry" name="expiry" autocomplete="cc-exp" value="12/30" required />
              </div>
              <div class="field">
                <label for="card-cvc">CVC</label>
                <input id="card-cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" value="123" required />
              </div>
            </div>
            <p id="checkout-error" class="error" role="alert"></p>
          </form>
          {/* Outside the form so that on a phone it can dock at the bottom of the screen while the panel is in view. */}
          <div class="pay-bar">
            <button type="submit" id="pay-button" form="checkout-form">
              Pay
            </button>
          </div>
          <button type="button" id="release-hold" class="secondary">
            Release these seats
          </button>
        </section>

        <section id="waitlist" class="panel" aria-labelledby="waitlist-heading" hidden>
          <h2 id="waitlist-heading" tabindex={-1}>
            Waitlist
          </h2>
          <form id="waitlist-form" class="inline-form">
            <p class="hint">
              Every seat is held or sold right now. Join the waitlist: seats that free up are offered first come, first
              served.
            </p>
            <div class="field">
              <label for="waitlist-quantity">Seats</label>
              <QuantitySelect id="waitlist-quantity" />
            </div>
            <div class="field">
              <label for="waitlist-category">Category</label>
              <select id="waitlist-category" name="category">
                <option value="">Any</option>
              </select>
            </div>
            <div class="field field--button">
              <button type="submit">Join waitlist</button>
            </div>
          </form>
          <div id="waitlist-entry" hidden>
            <p id="waitlist-position" class="position" aria-live="polite"></p>
            <button type="button" id="waitlist-leave" class="secondary">
              Leave the waitlist
            </button>
          </div>
          <div id="waitlist-offer" class="offer" hidden>
            <p id="offer-text" role="alert"></p>
            <p class="countdown">
              Offer ends in: <span id="offer-timer" class="timer" role="timer"></span>
            </p>
            <p id="offer-timer-spoken" class="visually-hidden" aria-live="polite"></p>
            <button type="button" id="offer-accept">
              Accept
            </button>
            <button type="button" id="offer-decline" class="secondary">
              No thanks
            </button>
          </div>
          <p id="waitlist-note" class="status" role="status"></p>
          <p id="waitlist-error" class="error" role="alert"></p>
        </section>
      </div>
    </Layout>
  );
}

/** 1 to MAX_SEATS_SHOWN seats, 2 preselected; the best-available and waitlist forms both use it. */
function QuantitySelect({ id }: { id: string }) {
  return (
    <select id={id} name="quantity">
      {Array.from({ length: MAX_SEATS_SHOWN }, (_, i) => (
        <option value={String(i + 1)} selected={i === 1}>
          {String(i + 1)}
        </option>
      ))}
    </select>
  );
}
