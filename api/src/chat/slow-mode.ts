import type { Database } from "@chatmod/core/db";
import { apiError, ErrorCode } from "../errors.ts";

/**
 * Slow mode: a member may send one message per room's `slowModeSeconds`
 * (moderators are exempt). The send statement itself takes the turn (chat/post.ts),
 * on the member's row, so it holds across replicas; this only says why a send
 * was refused: RATE_LIMITED with the wait, or nothing when the turn is back.
 */
export async function refuseIfNotYourTurn(db: Database, roomId: string, userId: string): Promise<void> {
  const [turn] = await db.$queryRaw<{ slow: number; waitMs: number }[]>`
    SELECT r."slowModeSeconds" AS slow,
      greatest(0, ceil(extract(epoch FROM m."lastPostedAt" + make_interval(secs => r."slowModeSeconds") - now()) * 1000))::int
        AS "waitMs"
    FROM "Membership" m JOIN "Room" r ON r.id = m."roomId"
    WHERE m."roomId" = ${roomId}::uuid AND m."userId" = ${userId}::uuid AND r."slowModeSeconds" > 0
      AND m."lastPostedAt" IS NOT NULL`;
  if (!turn || turn.waitMs <= 0) return;
  throw apiError(
    ErrorCode.RATE_LIMITED,
    `Slow mode: one message every ${turn.slow} s here; wait ${Math.ceil(turn.waitMs / 1000)} s.`,
    { retryAfterMs: turn.waitMs, until: new Date(Date.now() + turn.waitMs).toISOString() },
  );
}
