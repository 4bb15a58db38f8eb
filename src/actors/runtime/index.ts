export { createShowRuntime, type LocalShowRuntime, type RuntimeOptions, type RuntimeStats } from './runtime.js';
export { HostGoneError } from './show-host.js';
export * from './storage.js';
export * from './types.js';
