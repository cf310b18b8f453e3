import type { Database } from "@chatmod/core/db";
import type { Logger } from "pino";
import type { Env } from "../env.ts";
import { hashPassword } from "./password.ts";
import { findAccount, usernameKey } from "./usernames.ts";

/** Only ever used in development, where it is printed at startup. */
const DEVELOPMENT_ADMIN_PASSWORD = "development-only-admin";

/**
 * Makes sure the admin account from the environment exists with that password.
 * Production refuses to start without ADMIN_PASSWORD (see env.ts); tests set none
 * and get no admin.
 */
export async function ensureAdmin(db: Database, env: Env, log: Logger): Promise<void> {
  const password = env.ADMIN_PASSWORD ?? (env.NODE_ENV === "development" ? DEVELOPMENT_ADMIN_PASSWORD : undefined);
  if (!password) return;
  // The account the name signs in to (any case); by key otherwise, so replicas starting together make one.
  const existing = await findAccount(db, env.ADMIN_USERNAME);
  if (existing && existing.role !== "ADMIN") {
    // A member who signed up under that name first must not be handed the admin's rights (and keep their sessions).
    log.error({ username: existing.username }, "ADMIN_USERNAME names a member's account: no admin account was set up");
    return;
  }
  const passwordHash = await hashPassword(password);
  await db.user.upsert({
    where: existing ? { id: existing.id } : { usernameKey: usernameKey(env.ADMIN_USERNAME) },
    create: { username: env.ADMIN_USERNAME, usernameKey: usernameKey(env.ADMIN_USERNAME), passwordHash, role: "ADMIN" },
    update: { passwordHash, role: "ADMIN" },
  });
  if (!env.ADMIN_PASSWORD)
    log.warn({ username: env.ADMIN_USERNAME }, `development admin password: ${DEVELOPMENT_ADMIN_PASSWORD}`);
}
