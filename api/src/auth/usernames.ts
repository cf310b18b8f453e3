import type { Database, User } from "@chatmod/core/db";

/**
 * The form of a username that must be unique, so that nobody can pass for
 * another by a name that only differs in case or only looks the same: NFKC (so
 * "ａｌｉｃｅ" is "alice"), lower case, then the ASCII lookalikes of Unicode's
 * confusables list (UTS #39) made one: "1", "l" and "i" (a capital I is an i in
 * lower case and an l in many fonts, so "aIice" is "alice"), "0" and "o", "rn"
 * and "m", "vv" and "w". Usernames are ASCII, so this short table is the whole
 * of it for them. The migrations that set the column compute the same in SQL
 * for existing accounts; a test holds the two together.
 */
export function usernameKey(username: string): string {
  return username
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[i1]/g, "l")
    .replace(/0/g, "o")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w");
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
