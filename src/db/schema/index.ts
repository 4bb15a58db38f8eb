export * from './users.js';
export * from './catalog.js';
export * from './journal.js';
export * from './bookings.js';
export * from './payments-gateway.js';
export * from './idempotency.js';
export * from './cluster.js';
export * from './support.js';
