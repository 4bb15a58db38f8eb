import { eventCategories } from '../../../db/schema/catalog.js';
import { Layout, Status } from '../layout.js';
import { categoryLabels } from '../labels.js';
import { askBoxIds, homeIds } from '../assets/js/element-ids.js';

export function HomePage() {
  return (
    <Layout title="What’s on" script="home">
      <h1>What’s on</h1>
      {/* At the top, by the search: below a long listing and its pages nobody found it. */}
      <section class="ask" aria-labelledby="ask-heading">
        <h2 id="ask-heading">Ask us</h2>
        <form id={askBoxIds.askForm} class="ask-form">
          <label for="ask-message">Your question</label>
          <input
            id="ask-message"
            name="message"
            required
            maxlength={500}
            autocomplete="off"
            placeholder="What’s on in Berlin tonight? Seats left for concert_2025?"
          />
          <button type="submit">Ask</button>
        </form>
        <div id={askBoxIds.askAnswer} class="ask-answer" aria-live="polite"></div>
      </section>
      <form id={homeIds.search} class="search" role="search" method="get" action="/" aria-label="Find events">
        <div class="field">
          <label for={homeIds.city}>City</label>
          <select id={homeIds.city} name="city">
            <option value="">Any city</option>
          </select>
        </div>
        <div class="field">
          <label for="category">Category</label>
          <select id="category" name="category">
            <option value="">Any category</option>
            {eventCategories.map((c) => (
              <option value={c}>{categoryLabels[c]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="from">From</label>
          <input type="date" id="from" name="from" />
        </div>
        <div class="field">
          <label for="to">To</label>
          <input type="date" id="to" name="to" />
        </div>
        <div class="field field--wide">
          <label for="q">Keyword</label>
          <input type="search" id="q" name="q" placeholder="Title, artist, venue…" maxlength={200} />
        </div>
        <div class="field">
          <label for="postalCode">Postal code</label>
          <input id="postalCode" name="postalCode" maxlength={20} placeholder="10999, SE1…" />
        </div>
        <div class="field">
          <label for="radiusKm">Distance</label>
          <select id="radiusKm" name="radiusKm" aria-describedby={homeIds.nearStatus}>
            <option value="">Any distance</option>
            <option value="2">Within 2 km</option>
            <option value="5">Within 5 km</option>
            <option value="10">Within 10 km</option>
            <option value="25">Within 25 km</option>
            <option value="100">Within 100 km</option>
          </select>
          <input type="hidden" id="near" name="near" />
          <button type="button" id={homeIds.nearMe} class="secondary">
            Near me
          </button>
          <button type="button" id={homeIds.nearClear} class="secondary" hidden>
            Anywhere
          </button>
          <p id={homeIds.nearStatus} class="hint" aria-live="polite"></p>
        </div>
        <div class="field">
          <label for="sort">Sort by</label>
          <select id="sort" name="sort">
            <option value="">Best match</option>
            <option value="date">Date</option>
            <option value="name">Name</option>
            <option value="name,date,asc">Name, then date</option>
            <option value="popularity">Popularity</option>
            <option value="distance,asc">Distance (near me)</option>
          </select>
        </div>
        <div class="field field--button">
          <button type="submit">Search</button>
        </div>
      </form>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading" class="visually-hidden">
          Results
        </h2>
        <Status id={homeIds.resultsStatus} />
        <ul id={homeIds.results} class="cards"></ul>
        <nav id={homeIds.pager} class="pager" aria-label="Result pages"></nav>
      </section>
    </Layout>
  );
}
