import { Layout, Status } from '../layout.js';
import { showIds } from '../assets/js/element-ids.js';

const MAX_SEATS_SHOWN = 10;

/** The seat map, the ways to pick seats, the hold with its checkout, and the waitlist. */
export function ShowPage({ showId }: { showId: string }) {
  return (
    <Layout title="Choose seats" script="show" data={{ 'show-id': showId }}>
      <p class="crumbs">
        <a id={showIds.eventLink} href="/">
          ← All events
        </a>
      </p>
      <header class="show-header">
        <h1 id={showIds.showTitle}>Choose seats</h1>
        <p id={showIds.showWhen} class="lead"></p>
        <p id={showIds.showState} class="show-state"></p>
        <p id={showIds.showCounts} class="counts"></p>
      </header>
      <Status id={showIds.showStatus} />
      <p id={showIds.turnNote} class="turn-note" hidden>
        Your turn in the waiting room: <span id={showIds.turnTimer} class="timer" role="timer"></span> left to hold
        seats.
      </p>
      <p id={showIds.turnTimerSpoken} class="visually-hidden" aria-live="polite"></p>

      <div class="show-layout">
        <section id="picker" class="panel" aria-labelledby="picker-heading">
          <h2 id="picker-heading">Choose seats</h2>
          <form id={showIds.bestForm} class="inline-form" aria-labelledby="best-heading">
            <h3 id="best-heading">Best available</h3>
            <div class="field">
              <label for={showIds.bestQuantity}>Seats</label>
              <QuantitySelect id={showIds.bestQuantity} />
            </div>
            <div class="field">
              <label for={showIds.bestCategory}>Category</label>
              <select id={showIds.bestCategory} name="category">
                <option value="">Any category</option>
              </select>
            </div>
            <div class="field">
              <label for={showIds.bestSection}>Section</label>
              <select id={showIds.bestSection} name="section">
                <option value="">Any section</option>
              </select>
            </div>
            <div class="field field--button">
              <button type="submit" id={showIds.bestSubmit}>
                Hold best seats
              </button>
            </div>
          </form>

          <h3 id="map-heading">Seat map</h3>
          <p class="hint" id="map-hint">
            Pick seats on the map (Tab to the map, arrow keys to a seat, Enter or Space to select it), then hold them.
          </p>
          <div id={showIds.legend} class="legend" aria-label="Legend"></div>
          <div id={showIds.seatmap} class="seatmap" aria-describedby="map-hint"></div>
          <p id={showIds.seatInfo} class="seat-info" aria-hidden="true"></p>
          <div class="selection" id="selection">
            <p id={showIds.selectionSummary} aria-live="polite">
              No seats selected.
            </p>
            <button type="button" id={showIds.holdSelected} disabled>
              Hold selected seats
            </button>
            <button type="button" id={showIds.clearSelection} class="secondary" disabled>
              Clear selection
            </button>
          </div>
          <p id={showIds.pickerError} class="error" role="alert"></p>
        </section>

        <section id={showIds.holdPanel} class="panel panel--hold" aria-labelledby={showIds.holdHeading} hidden>
          <h2 id={showIds.holdHeading} tabindex={-1}>
            Your seats are held
          </h2>
          <ul id={showIds.holdSeats} class="hold-seats"></ul>
          <p class="countdown">
            Time left to pay: <span id={showIds.holdTimer} class="timer" role="timer"></span>
          </p>
          <p id={showIds.holdTimerSpoken} class="visually-hidden" aria-live="polite"></p>
          <section class="price-summary" aria-labelledby="summary-heading">
            <h3 id="summary-heading">Price</h3>
            <table id={showIds.priceTable} class="price-table" aria-labelledby="summary-heading" aria-busy="true">
              <tbody id={showIds.priceLines}></tbody>
              <tfoot>
                <tr class="price-total">
                  <th scope="row">Total</th>
                  <td id={showIds.holdTotal} class="num"></td>
                </tr>
              </tfoot>
            </table>
            <p id={showIds.quoteNote} class="note" role="status"></p>
          </section>
          <form id={showIds.promoForm} class="promo-form">
            <label for={showIds.promoCode}>Promo code</label>
            <div class="input-row">
              <input
                id={showIds.promoCode}
                name="promoCode"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                maxlength={64}
                aria-describedby={showIds.promoMessage}
              />
              <button type="submit" id="promo-apply" class="secondary">
                Apply
              </button>
              <button type="button" id={showIds.promoRemove} class="link-button" hidden>
                Remove code
              </button>
            </div>
            <p id={showIds.promoMessage} class="promo-message" aria-live="polite"></p>
          </form>
          <div id="points-box" class="points-box">
            <div class="check">
              <input type="checkbox" id={showIds.usePoints} aria-describedby={showIds.pointsBalance} disabled />
              <label for={showIds.usePoints}>Use my points</label>
            </div>
            <p id={showIds.pointsBalance} class="hint"></p>
          </div>
          <form id={showIds.checkoutForm} class="stack" aria-labelledby="checkout-heading">
            <h3 id="checkout-heading">Pay by card</h3>
            <p class="hint" id="card-hint">
              Test mode: the test card 4242 4242 4242 4242 is filled in (any future expiry, any CVC). Card 4000 0000
              0000 0002 is declined.
            </p>
            <div class="field">
              <label for={showIds.cardNumber}>Card number</label>
              <input
                id={showIds.cardNumber}
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
                <label for={showIds.cardExpiry}>Expiry (MM/YY)</label>
                <input id={showIds.cardExpiry} name="expiry" autocomplete="cc-exp" value="12/30" required />
              </div>
              <div class="field">
                <label for={showIds.cardCvc}>CVC</label>
                <input id={showIds.cardCvc} name="cvc" inputmode="numeric" autocomplete="cc-csc" value="123" required />
              </div>
            </div>
            <p id={showIds.checkoutError} class="error" role="alert"></p>
          </form>
          {/* Outside the form so that on a phone it can dock at the bottom of the screen while the panel is in view. */}
          <div class="pay-bar">
            <button type="submit" id={showIds.payButton} form={showIds.checkoutForm}>
              Pay
            </button>
          </div>
          <button type="button" id={showIds.releaseHold} class="secondary">
            Release these seats
          </button>
        </section>

        <section id={showIds.waitlist} class="panel" aria-labelledby={showIds.waitlistHeading} hidden>
          <h2 id={showIds.waitlistHeading} tabindex={-1}>
            Waitlist
          </h2>
          <form id={showIds.waitlistForm} class="inline-form">
            <p class="hint">
              Every seat is held or sold right now. Join the waitlist: seats that free up are offered first come, first
              served.
            </p>
            <div class="field">
              <label for={showIds.waitlistQuantity}>Seats</label>
              <QuantitySelect id={showIds.waitlistQuantity} />
            </div>
            <div class="field">
              <label for={showIds.waitlistCategory}>Category</label>
              <select id={showIds.waitlistCategory} name="category">
                <option value="">Any</option>
              </select>
            </div>
            <div class="field field--button">
              <button type="submit">Join waitlist</button>
            </div>
          </form>
          <div id={showIds.waitlistEntry} hidden>
            <p id={showIds.waitlistPosition} class="position" aria-live="polite"></p>
            <button type="button" id={showIds.waitlistLeave} class="secondary">
              Leave the waitlist
            </button>
          </div>
          <div id={showIds.waitlistOffer} class="offer" hidden>
            <p id={showIds.offerText} role="alert"></p>
            <p class="countdown">
              Offer ends in: <span id={showIds.offerTimer} class="timer" role="timer"></span>
            </p>
            <p id={showIds.offerTimerSpoken} class="visually-hidden" aria-live="polite"></p>
            <button type="button" id={showIds.offerAccept}>
              Accept
            </button>
            <button type="button" id={showIds.offerDecline} class="secondary">
              No thanks
            </button>
          </div>
          <p id={showIds.waitlistNote} class="status" role="status"></p>
          <p id={showIds.waitlistError} class="error" role="alert"></p>
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
