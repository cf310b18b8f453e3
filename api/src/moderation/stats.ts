import type { Database } from "@chatmod/core/db";

export type RoomStats = {
  messagesTotal: number;
  messagesLast24h: number;
  messagesLast7d: number;
  pending: number;
  flagged: number;
  rejected: number;
  heldForReview: number;
  activeUsersLast24h: number;
  activeUsersLast7d: number;
  /** Messages with a sentiment score, by sign of the score (the `sentiment` package's AFINN-based score). */
  sentimentPositive: number;
  sentimentNeutral: number;
  sentimentNegative: number;
};

/** One pass over the room's messages with FILTER clauses: one query, whatever the room's size. */
export async function roomStats(db: Database, roomId: string): Promise<RoomStats> {
  const [row] = await db.$queryRaw<Record<keyof RoomStats, bigint>[]>`
    SELECT
      count(*) AS "messagesTotal",
      count(*) FILTER (WHERE "createdAt" > now() - interval '24 hours') AS "messagesLast24h",
      count(*) FILTER (WHERE "createdAt" > now() - interval '7 days') AS "messagesLast7d",
      count(*) FILTER (WHERE "moderationStatus" = 'PENDING') AS "pending",
      count(*) FILTER (WHERE "moderationStatus" = 'FLAGGED') AS "flagged",
      count(*) FILTER (WHERE "moderationStatus" = 'REJECTED') AS "rejected",
      count(*) FILTER (WHERE "heldForReview") AS "heldForReview",
      count(DISTINCT "authorId") FILTER (WHERE "createdAt" > now() - interval '24 hours') AS "activeUsersLast24h",
      count(DISTINCT "authorId") FILTER (WHERE "createdAt" > now() - interval '7 days') AS "activeUsersLast7d",
      count(*) FILTER (WHERE "sentimentScore" > 0) AS "sentimentPositive",
      count(*) FILTER (WHERE "sentimentScore" = 0) AS "sentimentNeutral",
      count(*) FILTER (WHERE "sentimentScore" < 0) AS "sentimentNegative"
    FROM "Message"
    WHERE "roomId" = ${roomId}::uuid AND "deletedAt" IS NULL`;
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)])) as RoomStats;
}
