import type { Context } from "../context.ts";
import { addressBlock } from "../server/client-address.ts";

/** No account's key is longer; bounds the Redis key that whatever is typed at login makes. */
const KEY_CHARS = 64;

/** Sign-ups per address block (an IPv6 /48), shared by every replica: one party cannot make accounts in bulk. */
export async function limitSignUps({ env, rateLimiter, clientAddress }: Context): Promise<void> {
  const rule = { name: "signup", limit: env.SIGNUP_RATE_LIMIT, windowMs: env.SIGNUP_RATE_WINDOW_MS };
  await rateLimiter.hit(rule, addressBlock(clientAddress));
}

/**
 * Login attempts per username and client address, so failing on purpose elsewhere cannot lock the
 * owner out; and, more loosely, per address block (an IPv6 /48), so one party cannot try username
 * after username, or one password after another from each of its many IPv6 addresses.
 */
export async function limitLogins({ env, rateLimiter, clientAddress }: Context, usernameKey: string): Promise<void> {
  const windowMs = env.LOGIN_RATE_WINDOW_MS;
  await rateLimiter.hit(
    { name: "login-address", limit: env.LOGIN_ADDRESS_RATE_LIMIT, windowMs },
    addressBlock(clientAddress),
  );
  await rateLimiter.hit(
    { name: "login", limit: env.LOGIN_RATE_LIMIT, windowMs },
    `${clientAddress}/${usernameKey.slice(0, KEY_CHARS)}`,
  );
}
