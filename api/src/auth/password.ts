import { hash, verify } from "@node-rs/argon2";

// Argon2id with OWASP's second recommended profile (19 MiB, 2 passes): slow for
// an attacker, about 20 ms here. @node-rs/argon2 ships prebuilt binaries in its npm
// packages, so it installs offline without a compiler.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a throwaway password, so unknown usernames cost as much as wrong passwords. */
export const decoyHash = hashPassword("decoy-password-never-used");
