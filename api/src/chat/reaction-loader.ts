import type { Database } from "@chatmod/core/db";
import { groupCommit } from "@chatmod/core/group-commit";
import { reactionLimits } from "./emoji.ts";

/** One emoji's reactions to a message, the same for every viewer. */
export type ReactionGroupRow = {
  messageId: string;
  emoji: string;
  count: number;
  /** The first reactors, oldest first (at most reactionLimits.reactorsShown). */
  reactorIds: string[];
};

export type ReactionLoader = {
  /**
   * A message's reactions, grouped by emoji in the order each was first used.
   * One query per tick for every message asked for; cached per message object,
   * so a live event executed for many subscribers (shared-execution.ts) costs
   * one query on its replica, not one per subscriber or viewer class.
   */
  groups(message: { id: string }): Promise<ReactionGroupRow[]>;
  /** The emoji `userId` reacted with to a message (one query per tick, never cached: per viewer). */
  emojiOf(messageId: string, userId: string): Promise<Set<string>>;
};

export function createReactionLoader(db: Database): ReactionLoader {
  const loaded = new WeakMap<object, Promise<ReactionGroupRow[]>>();
  const unbounded = { maxBatch: Number.POSITIVE_INFINITY, maxInFlight: Number.POSITIVE_INFINITY };

  const groups = groupCommit<string, ReactionGroupRow[]>(async (ids) => {
    const rows = await db.$queryRaw<ReactionGroupRow[]>`
      SELECT "messageId", emoji, count(*)::int AS count,
             (array_agg("userId"::text ORDER BY "createdAt", "userId"))[1:${reactionLimits.reactorsShown}] AS "reactorIds"
      FROM "Reaction"
      WHERE "messageId" = ANY(${[...new Set(ids)]}::uuid[])
      GROUP BY "messageId", emoji
      ORDER BY min("createdAt"), emoji`;
    const byMessage = new Map<string, ReactionGroupRow[]>();
    for (const row of rows) byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), row]);
    return ids.map((id) => ({ ok: true, value: byMessage.get(id) ?? [] }));
  }, unbounded);

  const mine = groupCommit<{ messageId: string; userId: string }, Set<string>>(async (asked) => {
    const rows = await db.reaction.findMany({
      where: { OR: asked.map(({ messageId, userId }) => ({ messageId, userId })) },
      select: { messageId: true, userId: true, emoji: true },
    });
    return asked.map(({ messageId, userId }) => ({
      ok: true,
      value: new Set(
        rows.filter((row) => row.messageId === messageId && row.userId === userId).map((row) => row.emoji),
      ),
    }));
  }, unbounded);

  return {
    groups(message) {
      let groupsOfMessage = loaded.get(message);
      if (!groupsOfMessage) {
        groupsOfMessage = groups.submit(message.id);
        loaded.set(message, groupsOfMessage);
        // A failed read is not kept: the next execution tries again.
        groupsOfMessage.catch(() => loaded.delete(message));
      }
      return groupsOfMessage;
    },
    emojiOf: (messageId, userId) => mine.submit({ messageId, userId }),
  };
}
