import type { Database, User } from "../db.ts";

/**
 * The form of a username that must be unique: NFKC (so "ａｌｉｃｅ" is "alice") in lower case, so
 * "Alice" and "alice" are one account and nobody can pass for another by case alone.
 * The migration that added the column computes the same in SQL for existing accounts.
 */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

/**
 * The account a typed username names, whatever its case. Accounts older than the key that differed
 * only in case kept their names (the migration gave all but the first a key of their own): the exact
 * name finds those.
 */
export async function findAccount(db: Database, typed: string): Promise<User | null> {
  const found = await db.user.findMany({
    where: { OR: [{ usernameKey: usernameKey(typed) }, { username: typed }] },
    take: 2,
  });
  return found.find((user) => user.username === typed) ?? found[0] ?? null;
}
