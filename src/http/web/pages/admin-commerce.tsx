import { OUTBOX_TOPICS } from '../../../notifications/topics.js';
import { DataTable, Layout, Status } from '../layout.js';
import { AdminNav, Gate } from './admin.js';
import { adminApiKeysIds, adminPromosIds, adminWebhooksIds } from '../assets/js/element-ids.js';

const currencies = ['EUR', 'GBP', 'USD', 'INR'];

export function AdminPromosPage() {
  return (
    <Layout title="Promo codes" script="admin-promos">
      <h1>Promo codes</h1>
      <AdminNav />
      <Gate />
      <div id={adminPromosIds.adminBody} hidden>
        <section aria-labelledby="promos-heading">
          <h2 id="promos-heading">Codes</h2>
          <Status id={adminPromosIds.promosStatus} />
          <DataTable
            id={adminPromosIds.promosTable}
            caption="Every code with its uses: payments pending or that became bookings"
            columns={[
              'Code',
              'Discount',
              'Applies to',
              'Valid',
              'Used / limit',
              'Active',
              { label: 'Actions', hiddenLabel: true },
            ]}
          />
        </section>
        <section aria-labelledby={adminPromosIds.promoFormHeading}>
          <h2 id={adminPromosIds.promoFormHeading} tabindex={-1}>
            New promo code
          </h2>
          <form id={adminPromosIds.promoForm} class="stack" novalidate>
            <div class="field-row">
              <div class="field">
                <label for="promo-code">Code</label>
                <input id="promo-code" name="code" required maxlength={32} aria-describedby="code-hint" />
                <p id="code-hint" class="hint">
                  3 to 32 letters, digits, _ or -; customers may type it in any case.
                </p>
              </div>
              <div class="field">
                <label for="promo-description">Description</label>
                <input id="promo-description" name="description" maxlength={500} />
              </div>
            </div>
            <div class="field-row">
              <div class="field">
                <label for="promo-kind">Kind</label>
                <select id="promo-kind" name="kind">
                  <option value="percent">Percent off</option>
                  <option value="fixed">Fixed amount off</option>
                </select>
              </div>
              <div class="field">
                <label for="promo-value" id={adminPromosIds.promoValueLabel}>
                  Percent (1-100)
                </label>
                <input id="promo-value" name="value" type="number" min={0} step="any" required />
              </div>
              <div class="field">
                <label for="promo-currency">Currency</label>
                <select id="promo-currency" name="currency" aria-describedby="currency-hint">
                  <option value="">None</option>
                  {currencies.map((c) => (
                    <option value={c}>{c}</option>
                  ))}
                </select>
                <p id="currency-hint" class="hint">
                  A fixed code applies only to shows priced in its currency.
                </p>
              </div>
            </div>
            <div class="field-row">
              <div class="field">
                <label for="promo-scope">Applies to</label>
                <select id="promo-scope" name="scope">
                  <option value="all">Every show</option>
                  <option value="event">One event</option>
                  <option value="category">One seat category</option>
                </select>
              </div>
              <div class="field" id={adminPromosIds.eventField}>
                <label for="promo-event">Event id</label>
                <input id="promo-event" name="eventId" list={adminPromosIds.promoEventList} maxlength={100} />
                <datalist id={adminPromosIds.promoEventList}></datalist>
              </div>
              <div class="field" id={adminPromosIds.categoryField}>
                <label for="promo-category">Seat category</label>
                <input id="promo-category" name="category" maxlength={64} />
              </div>
            </div>
            <div class="field-row">
              <div class="field">
                <label for="promo-valid-from">Valid from (your time, optional)</label>
                <input id="promo-valid-from" name="validFrom" type="datetime-local" />
              </div>
              <div class="field">
                <label for="promo-valid-until">Valid until (optional, exclusive)</label>
                <input id="promo-valid-until" name="validUntil" type="datetime-local" />
              </div>
            </div>
            <div class="field-row">
              <div class="field">
                <label for="promo-max-uses">Uses in total (empty: unlimited)</label>
                <input id="promo-max-uses" name="maxUses" type="number" min={1} step={1} />
              </div>
              <div class="field">
                <label for="promo-max-per-user">Uses per customer (empty: unlimited)</label>
                <input id="promo-max-per-user" name="maxUsesPerUser" type="number" min={1} step={1} />
              </div>
            </div>
            <p id={adminPromosIds.formError} class="error" role="alert"></p>
            <div class="confirm-box">
              <button type="submit" id={adminPromosIds.promoSubmit}>
                Create promo code
              </button>
              <button type="button" id={adminPromosIds.promoCancelEdit} class="secondary" hidden>
                Stop editing
              </button>
            </div>
          </form>
          <Status id={adminPromosIds.promoResult} focusable />
        </section>
      </div>
    </Layout>
  );
}

export function AdminWebhooksPage() {
  return (
    <Layout title="Webhooks" script="admin-webhooks">
      <h1>Webhooks</h1>
      <AdminNav />
      <Gate />
      <div id={adminWebhooksIds.adminBody} hidden>
        <section aria-labelledby="hooks-heading">
          <h2 id="hooks-heading">Endpoints</h2>
          <p class="hint">
            Each is called with a signed POST (Standard Webhooks) for the topics it chose; failures are retried with
            backoff.
          </p>
          <Status id={adminWebhooksIds.hooksStatus} />
          <DataTable
            id={adminWebhooksIds.hooksTable}
            caption="Active webhooks, newest first"
            columns={['URL', 'Topics', 'Added', { label: 'Actions', hiddenLabel: true }]}
          />
        </section>
        <section
          id={adminWebhooksIds.deliveries}
          class="panel"
          hidden
          tabindex={-1}
          aria-labelledby={adminWebhooksIds.deliveriesHeading}
        >
          <h2 id={adminWebhooksIds.deliveriesHeading}>Recent deliveries</h2>
          <Status id={adminWebhooksIds.deliveriesStatus} />
          <DataTable
            id={adminWebhooksIds.deliveriesTable}
            columns={['Created', 'Topic', 'Status', { label: 'Attempts', num: true }, 'Last error', 'Next try or sent']}
          />
          <button type="button" id={adminWebhooksIds.deliveriesRefresh} class="secondary">
            Refresh
          </button>
        </section>
        <section aria-labelledby="hook-form-heading">
          <h2 id="hook-form-heading">Add a webhook</h2>
          <form id={adminWebhooksIds.hookForm} class="stack" novalidate>
            <div class="field">
              <label for={adminWebhooksIds.hookUrl}>URL</label>
              <input
                id={adminWebhooksIds.hookUrl}
                name="url"
                type="url"
                required
                maxlength={2000}
                placeholder="https://"
              />
            </div>
            <fieldset id="hook-topics">
              <legend>Topics</legend>
              <p class="hint" id="topics-hint">
                None ticked: every topic.
              </p>
              {OUTBOX_TOPICS.map((topic) => (
                <label class="check">
                  <input type="checkbox" name="topics" value={topic} /> {topic}
                </label>
              ))}
            </fieldset>
            <p id={adminWebhooksIds.formError} class="error" role="alert"></p>
            <button type="submit">Add webhook</button>
          </form>
        </section>
        <section
          id={adminWebhooksIds.secretPanel}
          class="panel panel--secret"
          hidden
          tabindex={-1}
          aria-labelledby="secret-heading"
        >
          <h2 id="secret-heading">Signing secret</h2>
          <p class="warning" id="secret-warning">
            Copy this secret now: it is shown only once and cannot be read again. Verify each call's webhook-signature
            with it.
          </p>
          <div class="field">
            <label for={adminWebhooksIds.secretValue}>
              Secret for <span id={adminWebhooksIds.secretUrl}></span>
            </label>
            <input id={adminWebhooksIds.secretValue} readonly spellcheck={false} aria-describedby="secret-warning" />
          </div>
          <div class="confirm-box">
            <button type="button" id={adminWebhooksIds.secretCopy}>
              Copy secret
            </button>
            <button type="button" id={adminWebhooksIds.secretDone} class="secondary">
              I have stored it
            </button>
          </div>
          <Status id={adminWebhooksIds.secretStatus} />
        </section>
      </div>
    </Layout>
  );
}

export function AdminApiKeysPage() {
  return (
    <Layout title="API keys" script="admin-api-keys">
      <h1>API keys</h1>
      <AdminNav />
      <Gate />
      <div id={adminApiKeysIds.adminBody} hidden>
        <p class="hint">
          Developers create keys under their account; each key has an hourly quota, counted per UTC clock hour.
        </p>
        <Status id={adminApiKeysIds.keysStatus} />
        <DataTable
          id={adminApiKeysIds.keysTable}
          caption="Every key, newest first"
          columns={['Key', 'Owner', 'Created', { label: 'Used this hour', num: true }, 'Quota per hour']}
        />
      </div>
    </Layout>
  );
}
