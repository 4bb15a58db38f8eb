/**
 * The element ids the server's pages render and the browser scripts look up, one place for both sides:
 * a renamed id breaks the type check instead of a page. Plain data with no imports, so the pages import
 * it on the server and the browser loads it as a module. Keys are the ids in camelCase; a group is what
 * one page (or one part every page of a kind shares) carries, and `test/web/element-ids.test.ts` checks
 * that those pages render every id of it.
 */

/** Every page: the header, its menu and account links, the main region and the live region (layout.tsx). */
export const layoutIds = {
  account: 'account',
  announcer: 'announcer',
  holdsBadge: 'holds-badge',
  main: 'main',
  menuToggle: 'menu-toggle',
  navAccount: 'nav-account',
  navAdmin: 'nav-admin',
  navNotifications: 'nav-notifications',
  unreadCount: 'unread-count',
} as const;

/** The login and registration pages (auth-form, oidc-providers). */
export const authFormIds = {
  formError: 'form-error',
  oidcProviders: 'oidc-providers',
  oidcSection: 'oidc-section',
  otherLink: 'other-link',
} as const;

/** The login page. */
export const loginIds = {
  loginForm: 'login-form',
} as const;

/** The registration page. */
export const registerIds = {
  registerForm: 'register-form',
} as const;

/** The email confirmation page. */
export const verifyEmailIds = {
  verifyStatus: 'verify-status',
} as const;

/** Asking for a password reset link. */
export const forgotPasswordIds = {
  forgotForm: 'forgot-form',
  forgotStatus: 'forgot-status',
} as const;

/** Where the link in a password reset email lands: a new password for the account. */
export const resetPasswordIds = {
  resetForm: 'reset-form',
  resetStatus: 'reset-status',
} as const;

/** Where an OpenID Connect sign-in ends. */
export const oidcCompleteIds = {
  completeRetry: 'complete-retry',
  completeStatus: 'complete-status',
  formError: 'form-error',
  linkForm: 'link-form',
  linkIntro: 'link-intro',
  password: 'password',
  retryLink: 'retry-link',
} as const;

/** The home page: search and results. */
export const homeIds = {
  city: 'city',
  nearClear: 'near-clear',
  nearMe: 'near-me',
  nearStatus: 'near-status',
  pager: 'pager',
  results: 'results',
  resultsStatus: 'results-status',
  search: 'search',
} as const;

/** The home page's question box (ask-box). */
export const askBoxIds = {
  askAnswer: 'ask-answer',
  askForm: 'ask-form',
} as const;

/** An event and its show times. */
export const eventIds = {
  eventMeta: 'event-meta',
  eventStatus: 'event-status',
  eventTitle: 'event-title',
  shows: 'shows',
} as const;

/** A show: the seat map, the pickers, the hold and its checkout, the waitlist (pages/show and show/*). */
export const showIds = {
  bestCategory: 'best-category',
  bestForm: 'best-form',
  bestQuantity: 'best-quantity',
  bestSection: 'best-section',
  bestSubmit: 'best-submit',
  cardCvc: 'card-cvc',
  cardExpiry: 'card-expiry',
  cardNumber: 'card-number',
  checkoutError: 'checkout-error',
  checkoutForm: 'checkout-form',
  clearSelection: 'clear-selection',
  eventLink: 'event-link',
  holdHeading: 'hold-heading',
  holdPanel: 'hold-panel',
  holdSeats: 'hold-seats',
  holdSelected: 'hold-selected',
  holdTimer: 'hold-timer',
  holdTimerSpoken: 'hold-timer-spoken',
  holdTotal: 'hold-total',
  legend: 'legend',
  offerAccept: 'offer-accept',
  offerDecline: 'offer-decline',
  offerText: 'offer-text',
  offerTimer: 'offer-timer',
  offerTimerSpoken: 'offer-timer-spoken',
  payButton: 'pay-button',
  pickerError: 'picker-error',
  pointsBalance: 'points-balance',
  priceLines: 'price-lines',
  priceTable: 'price-table',
  promoCode: 'promo-code',
  promoForm: 'promo-form',
  promoMessage: 'promo-message',
  promoRemove: 'promo-remove',
  quoteNote: 'quote-note',
  releaseHold: 'release-hold',
  seatInfo: 'seat-info',
  seatmap: 'seatmap',
  selectionSummary: 'selection-summary',
  showCounts: 'show-counts',
  showState: 'show-state',
  showStatus: 'show-status',
  showTitle: 'show-title',
  showWhen: 'show-when',
  turnNote: 'turn-note',
  turnTimer: 'turn-timer',
  turnTimerSpoken: 'turn-timer-spoken',
  usePoints: 'use-points',
  waitlist: 'waitlist',
  waitlistCategory: 'waitlist-category',
  waitlistEntry: 'waitlist-entry',
  waitlistError: 'waitlist-error',
  waitlistForm: 'waitlist-form',
  waitlistHeading: 'waitlist-heading',
  waitlistLeave: 'waitlist-leave',
  waitlistNote: 'waitlist-note',
  waitlistOffer: 'waitlist-offer',
  waitlistPosition: 'waitlist-position',
  waitlistQuantity: 'waitlist-quantity',
} as const;

/** The waiting room in front of a show. */
export const queueIds = {
  eventLink: 'event-link',
  queueAhead: 'queue-ahead',
  queueBar: 'queue-bar',
  queueError: 'queue-error',
  queueLeave: 'queue-leave',
  queueNote: 'queue-note',
  queueOver: 'queue-over',
  queueOverHeading: 'queue-over-heading',
  queueOverLink: 'queue-over-link',
  queueOverText: 'queue-over-text',
  queuePanel: 'queue-panel',
  queuePosition: 'queue-position',
  queueRate: 'queue-rate',
  queueShow: 'queue-show',
  queueStatus: 'queue-status',
  queueTitle: 'queue-title',
  queueWait: 'queue-wait',
} as const;

/** One booking's tickets. */
export const bookingIds = {
  booking: 'booking',
  bookingStatus: 'booking-status',
} as const;

/** The customer's bookings. */
export const myBookingsIds = {
  bookings: 'bookings',
  bookingsStatus: 'bookings-status',
} as const;

/** The account page: email confirmation, points, sessions. */
export const accountIds = {
  accountStatus: 'account-status',
  ledgerRows: 'ledger-rows',
  ledgerStatus: 'ledger-status',
  logoutEverywhere: 'logout-everywhere',
  passwordChange: 'password-change',
  passwordForm: 'password-form',
  passwordLinkStatus: 'password-link-status',
  passwordSet: 'password-set',
  passwordStatus: 'password-status',
  pointsRate: 'points-rate',
  pointsTier: 'points-tier',
  pointsTotal: 'points-total',
  sendPasswordLink: 'send-password-link',
  sendVerification: 'send-verification',
  sessionsStatus: 'sessions-status',
  tierProgress: 'tier-progress',
  verifyAddress: 'verify-address',
  verifyEmail: 'verify-email',
  verifyStatus: 'verify-status',
} as const;

/** The notifications page. */
export const notificationsIds = {
  notifications: 'notifications',
  notificationsStatus: 'notifications-status',
  older: 'older',
  readAll: 'read-all',
} as const;

/** The payments page. */
export const paymentsIds = {
  payments: 'payments',
  paymentsStatus: 'payments-status',
} as const;

/** The data export and erasure page. */
export const myDataIds = {
  eraseBlockers: 'erase-blockers',
  eraseForm: 'erase-form',
  erasePassword: 'erase-password',
  erasePasswordLabel: 'erase-password-label',
  eraseReauth: 'erase-reauth',
  eraseStatus: 'erase-status',
  exportData: 'export-data',
  exportStatus: 'export-status',
} as const;

/** Every admin page: the line shown until /api/me says the user is an admin (admin-gate). */
export const adminGateIds = {
  adminGate: 'admin-gate',
} as const;

/** The admin create pages' result panel (venue, event, show; admin-gate). */
export const adminResultIds = {
  result: 'result',
  resultBody: 'result-body',
} as const;

/** The admin overview. */
export const adminIds = {
  adminBody: 'admin-body',
  showsCaption: 'shows-caption',
  showsStatus: 'shows-status',
  showsTable: 'shows-table',
  statsStatus: 'stats-status',
  statsSummary: 'stats-summary',
  venue: 'venue',
} as const;

/** The new venue page. */
export const adminVenueIds = {
  addLine: 'add-line',
  cityList: 'city-list',
  formError: 'form-error',
  hallName: 'hall-name',
  layoutJson: 'layout-json',
  layoutLines: 'layout-lines',
  preview: 'preview',
  previewSummary: 'preview-summary',
  timeZoneList: 'time-zone-list',
  venueAddress: 'venue-address',
  venueCity: 'venue-city',
  venueForm: 'venue-form',
  venueLatitude: 'venue-latitude',
  venueLongitude: 'venue-longitude',
  venueName: 'venue-name',
  venuePostalCode: 'venue-postal-code',
  venueTimeZone: 'venue-time-zone',
} as const;

/** The new event page. */
export const adminEventIds = {
  eventForm: 'event-form',
  formError: 'form-error',
} as const;

/** The new show page. */
export const adminShowIds = {
  eventHint: 'event-hint',
  formError: 'form-error',
  priceFields: 'price-fields',
  showCurrency: 'show-currency',
  showEvent: 'show-event',
  showForm: 'show-form',
  showHall: 'show-hall',
  showHoldMinutes: 'show-hold-minutes',
  showSalesOpen: 'show-sales-open',
  showStarts: 'show-starts',
  showStartsHint: 'show-starts-hint',
  showVenue: 'show-venue',
} as const;

/** One show's waiting room settings and live figures. */
export const adminRoomIds = {
  adminBody: 'admin-body',
  eventLink: 'event-link',
  roomActionResult: 'room-action-result',
  roomActive: 'room-active',
  roomEnd: 'room-end',
  roomForm: 'room-form',
  roomFormError: 'room-form-error',
  roomHeading: 'room-heading',
  roomPause: 'room-pause',
  roomQueued: 'room-queued',
  roomRate: 'room-rate',
  roomResume: 'room-resume',
  roomSave: 'room-save',
  roomSaved: 'room-saved',
  roomState: 'room-state',
  roomStatus: 'room-status',
  roomTotal: 'room-total',
  roomUpdated: 'room-updated',
  roomZone: 'room-zone',
} as const;

/** The events and venues list. */
export const adminCatalogIds = {
  adminBody: 'admin-body',
  eventQ: 'event-q',
  eventSearch: 'event-search',
  eventsStatus: 'events-status',
  eventsTable: 'events-table',
  venueList: 'venue-list',
  venuesStatus: 'venues-status',
} as const;

/** One event's admin page. */
export const adminEventManageIds = {
  addShowLink: 'add-show-link',
  adminBody: 'admin-body',
  eventForm: 'event-form',
  eventHeading: 'event-heading',
  eventSaved: 'event-saved',
  eventStatus: 'event-status',
  formError: 'form-error',
  removeEvent: 'remove-event',
  removeResult: 'remove-result',
  showList: 'show-list',
  showsStatus: 'shows-status',
} as const;

/** The promo codes page. */
export const adminPromosIds = {
  adminBody: 'admin-body',
  categoryField: 'category-field',
  eventField: 'event-field',
  formError: 'form-error',
  promoCancelEdit: 'promo-cancel-edit',
  promoEventList: 'promo-event-list',
  promoForm: 'promo-form',
  promoFormHeading: 'promo-form-heading',
  promoResult: 'promo-result',
  promoSubmit: 'promo-submit',
  promoValueLabel: 'promo-value-label',
  promosStatus: 'promos-status',
  promosTable: 'promos-table',
} as const;

/** The webhooks page. */
export const adminWebhooksIds = {
  adminBody: 'admin-body',
  deliveries: 'deliveries',
  deliveriesHeading: 'deliveries-heading',
  deliveriesRefresh: 'deliveries-refresh',
  deliveriesStatus: 'deliveries-status',
  deliveriesTable: 'deliveries-table',
  formError: 'form-error',
  hookForm: 'hook-form',
  hookUrl: 'hook-url',
  hooksStatus: 'hooks-status',
  hooksTable: 'hooks-table',
  secretCopy: 'secret-copy',
  secretDone: 'secret-done',
  secretPanel: 'secret-panel',
  secretStatus: 'secret-status',
  secretUrl: 'secret-url',
  secretValue: 'secret-value',
} as const;

/** The API keys page. */
export const adminApiKeysIds = {
  adminBody: 'admin-body',
  keysStatus: 'keys-status',
  keysTable: 'keys-table',
} as const;

/** The statechart inspector (inspector/page.tsx and inspector/assets). */
export const inspectorIds = {
  actor: 'actor',
  adminLink: 'admin-link',
  app: 'app',
  chart: 'chart',
  chartCaption: 'chart-caption',
  counts: 'counts',
  empty: 'empty',
  grid: 'grid',
  gridHover: 'grid-hover',
  gridWhen: 'grid-when',
  historyFirst: 'history-first',
  historyLive: 'history-live',
  historyNext: 'history-next',
  historyPrev: 'history-prev',
  historyRange: 'history-range',
  historySlider: 'history-slider',
  holds: 'holds',
  liveList: 'live-list',
  login: 'login',
  loginError: 'login-error',
  loginLink: 'login-link',
  logout: 'logout',
  openForm: 'open-form',
  openShow: 'open-show',
  showMeta: 'show-meta',
  showTitle: 'show-title',
  showView: 'show-view',
  step: 'step',
  stream: 'stream',
  streamStatus: 'stream-status',
  travelBanner: 'travel-banner',
  waitlist: 'waitlist',
  whoami: 'whoami',
  zoomFit: 'zoom-fit',
  zoomIn: 'zoom-in',
  zoomLevel: 'zoom-level',
  zoomOut: 'zoom-out',
  zoomReset: 'zoom-reset',
} as const;
