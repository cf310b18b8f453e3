import type { Database, User } from "@chatmod/core/db";

/**
 * Loads message authors in one query per tick: a history page of 50 messages
 * costs one `user` query, not 50. Nothing is cached past the tick, so a
 * long-lived subscription's context never holds stale users.
 */
export function createAuthorLoader(db: Database): (userId: string) => Promise<User> {
  let batch: Map<string, { resolve(user: User): void; reject(error: unknown): void }[]> | null = null;

  async function flush(waiting: NonNullable<typeof batch>): Promise<void> {
    try {
      const users = await db.user.findMany({ where: { id: { in: [...waiting.keys()] } } });
      const byId = new Map(users.map((user) => [user.id, user]));
      for (const [id, callers] of waiting) {
        const user = byId.get(id);
        for (const caller of callers) user ? caller.resolve(user) : caller.reject(new Error(`user ${id} not found`));
      }
    } catch (error) {
      for (const callers of waiting.values()) for (const caller of callers) caller.reject(error);
    }
  }

  return (userId) =>
    new Promise<User>((resolve, reject) => {
      if (!batch) {
        const current = new Map<string, { resolve(user: User): void; reject(error: unknown): void }[]>();
        batch = current;
        setImmediate(() => {
          batch = null;
          void flush(current);
        });
      }
      const callers = batch.get(userId) ?? [];
      callers.push({ resolve, reject });
      batch.set(userId, callers);
    });
}
