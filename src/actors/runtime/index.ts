export { createShowRuntime, type LocalShowRuntime, type RuntimeOptions, type RuntimeStats } from './runtime.js';
export { FencedError } from './journal-store.js';
export { HostGoneError } from './show-host.js';
export type { DefaultRules } from './show-input.js';
export { signTicketCode, verifyTicketCode } from './ticket-code.js';
export * from './types.js';
