export { createAuth, type AuthDeps } from './create-auth.js';
export { ensureAdmin } from './ensure-admin.js';
export { defaultPasswordCost, type PasswordCost } from './passwords.js';
export type { Auth, AuthUser, Session } from './types.js';
