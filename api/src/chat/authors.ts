import type { Database, User } from "@chatmod/core/db";
import { groupCommit } from "@chatmod/core/group-commit";

/**
 * Loads message authors in one query per tick: a history page of 50 messages
 * costs one `user` query, not 50. Nothing is cached past the tick, so a
 * long-lived subscription's context never holds stale users.
 */
export function createAuthorLoader(db: Database): (userId: string) => Promise<User> {
  const authors = groupCommit<string, User>(
    async (ids) => {
      const users = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } } });
      const byId = new Map(users.map((user) => [user.id, user]));
      return ids.map((id) => {
        const user = byId.get(id);
        return user ? { ok: true, value: user } : { ok: false, error: new Error(`user ${id} not found`) };
      });
    },
    // Every tick's lookups go out at once, together, however many: none waits for an earlier query.
    { maxBatch: Number.POSITIVE_INFINITY, maxInFlight: Number.POSITIVE_INFINITY },
  );
  return (userId) => authors.submit(userId);
}
