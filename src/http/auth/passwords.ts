import { hash, verify, type Algorithm } from '@node-rs/argon2';

export interface PasswordCost {
  /** KiB of memory per hash: the memory-hardness that makes GPU guessing expensive. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). */
export const defaultPasswordCost: PasswordCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// The package ships Algorithm as an ambient const enum, which isolatedModules cannot read; 2 is Argon2id.
const argon2id = 2 as Algorithm;

/**
 * The password hash of an account made by an OpenID Connect sign-in: no argon2 hash has this form,
 * so no password matches it, and such an account cannot be linked to by password proof.
 */
export const NO_PASSWORD_OIDC = '!oidc';

/** Whether the account has a password its owner could type (not an OIDC-made or erased account). */
export function hasPassword(passwordHash: string): boolean {
  return passwordHash.startsWith('$argon2');
}

/**
 * Whether the owner may set a password through a reset link: an account with one, or one made by an
 * OIDC sign-in (its first password); not an erased account.
 */
export function canSetPassword(passwordHash: string): boolean {
  return hasPassword(passwordHash) || passwordHash === NO_PASSWORD_OIDC;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Burns the same time as a real check, so an unknown email cannot be told apart by timing. */
  verifyNothing(password: string): Promise<void>;
}

export function createPasswordHasher(cost: PasswordCost = defaultPasswordCost): PasswordHasher {
  const options = { ...cost, algorithm: argon2id };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    verifyNothing: async (password) => {
      dummy ??= hash('not a real password', options);
      await verify(await dummy, password).catch(() => false);
    },
  };
}
