// Persisting automatic verdicts, a batch at a time: the only place the worker writes to Postgres.

import type { Database, Prisma } from "@chatmod/api/db";
import type { ModerationVerdict, VerdictStatus } from "./moderation/verdict.ts";
import { type Claim, type LockedMessage, type SkipReason, settle } from "./owed.ts";

export type { SkipReason } from "./owed.ts";

type Tx = Prisma.TransactionClient;

/** A job's verdict on one message version; null when the message was deleted before it was read. */
export type VerdictClaim = Claim & { verdict: ModerationVerdict | null };

export type VerdictOutcome =
  | { applied: true; roomId: string; messageId: string; seq: number; status: VerdictStatus; at: Date }
  | { applied: false; messageId: string; reason: SkipReason };

type Applied = { claim: VerdictClaim & { verdict: ModerationVerdict }; roomId: string };

/**
 * Stores the verdicts of a batch in one transaction, each only if its message
 * version is still owed and no moderator decided (see settle): status and
 * details, one audit row each, the outbox rows' deletion, and per room one
 * MESSAGE_MODERATED event per verdict with contiguous seqs in batch order. So a
 * verdict and "no longer owed" commit together: a job that runs again (a
 * duplicate, a retry after a crash past the commit) finds nothing owed and skips.
 * Returns one outcome per claim, in order.
 *
 * Locks every message row first, in id order, and the rooms last, in id order.
 * The API's edit, delete, report and decision lock one message, then its room,
 * so none of them can deadlock with a batch, nor two batches with each other.
 * Holding the message locks, the reads see the latest committed edit or decision
 * and none can slip in before this commits.
 */
export async function storeVerdicts(db: Database, claims: readonly VerdictClaim[]): Promise<VerdictOutcome[]> {
  if (claims.length === 0) return [];
  const messageIds = [...new Set(claims.map((claim) => claim.messageId))];
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ANY(${messageIds}::uuid[]) ORDER BY id FOR UPDATE`;
      // A statement of its own: its snapshot starts after every lock is held.
      const locked = await tx.$queryRaw<LockedMessage[]>`
        SELECT m.id::text, m."roomId"::text, m."moderationStatus"::text AS status, m."deletedAt" IS NOT NULL AS deleted,
          o."createdAt" AS "owedAt",
          (SELECT max(d."createdAt") FROM "ModerationDecision" d
            WHERE d."messageId" = m.id AND d."moderatorId" IS NOT NULL) AS "moderatorDecidedAt"
        FROM "Message" m LEFT JOIN "ModerationOutbox" o ON o."messageId" = m.id
        WHERE m.id = ANY(${messageIds}::uuid[])`;
      const settlements = settle(claims, new Map(locked.map((message) => [message.id, message])));

      const at = new Date();
      const applying: Applied[] = [];
      const cleared: Claim[] = [];
      for (const [index, settlement] of settlements.entries()) {
        const claim = claims[index]!;
        if (settlement.apply && claim.verdict)
          applying.push({ claim: { ...claim, verdict: claim.verdict }, roomId: settlement.roomId });
        else if (!settlement.apply && settlement.clear) cleared.push(claim);
      }
      const stored = await writeVerdicts(tx, applying, cleared, at);
      const seqs = await appendRoomEvents(
        tx,
        applying.filter(({ claim }) => stored.has(claim.messageId)),
      );

      return claims.map((claim, index): VerdictOutcome => {
        const settlement = settlements[index]!;
        const { messageId } = claim;
        if (!settlement.apply) return { applied: false, messageId, reason: settlement.reason };
        const seq = seqs.get(messageId);
        // Cannot happen while the rows are locked and checked; kept so a bug skips instead of double-writing.
        if (seq === undefined || !claim.verdict) return { applied: false, messageId, reason: "decided" };
        return { applied: true, roomId: settlement.roomId, messageId, seq, status: claim.verdict.status, at };
      });
    },
    // A lock wait longer than this (a stuck transaction elsewhere) fails the batch; BullMQ retries its jobs.
    { maxWait: 5_000, timeout: 15_000 },
  );
}

/**
 * The message rows, their audit rows and the settled outbox rows, in one
 * statement. Returns the ids of the messages updated: the update re-checks
 * PENDING and not deleted, and only those get an audit row.
 */
async function writeVerdicts(tx: Tx, applying: Applied[], cleared: Claim[], at: Date): Promise<Set<string>> {
  const verdicts = applying.map(({ claim: { messageId, owedAt, verdict } }) => ({
    messageId,
    owedAt: owedAt.toISOString(),
    status: verdict.status,
    moderation: {
      reasons: verdict.reasons,
      matchedTerms: verdict.matchedTerms,
      sentiment: verdict.sentiment,
      severity: verdict.severity,
      rulesVersion: verdict.rulesVersion,
      decidedBy: "auto",
    },
    sentimentScore: Math.round(verdict.sentiment.score),
    reason: summarise(verdict),
    details: verdict,
  }));
  const settled = cleared.map(({ messageId, owedAt }) => ({ messageId, owedAt: owedAt.toISOString() }));
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH verdict AS (
      SELECT * FROM jsonb_to_recordset(${jsonParameter(verdicts)}::jsonb) AS v(
        "messageId" uuid, "owedAt" timestamptz, status "ModerationStatus", moderation jsonb,
        "sentimentScore" int, reason text, details jsonb)
    ), stored AS (
      UPDATE "Message" m
      SET "moderationStatus" = v.status, moderation = v.moderation, "moderatedAt" = ${at},
        "sentimentScore" = v."sentimentScore"
      FROM verdict v
      WHERE m.id = v."messageId" AND m."moderationStatus" = 'PENDING' AND m."deletedAt" IS NULL
      RETURNING m.id
    ), audited AS (
      INSERT INTO "ModerationDecision" (id, "messageId", "moderatorId", "fromStatus", "toStatus", reason, details)
      SELECT gen_random_uuid(), v."messageId", NULL, 'PENDING', v.status, v.reason, v.details
      FROM verdict v JOIN stored s ON s.id = v."messageId"
    ), done AS (
      SELECT v."messageId", v."owedAt" FROM verdict v JOIN stored s ON s.id = v."messageId"
      UNION ALL
      SELECT * FROM jsonb_to_recordset(${jsonParameter(settled)}::jsonb) AS c("messageId" uuid, "owedAt" timestamptz)
    ), unowed AS (
      DELETE FROM "ModerationOutbox" o USING done
      WHERE o."messageId" = done."messageId" AND o."createdAt" = done."owedAt"
    )
    SELECT id::text FROM stored`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Takes each room's next seqs, one per applied verdict in batch order, and writes
 * the MESSAGE_MODERATED events. The room rows are locked last and held for these
 * two statements only: every sender in the room waits for them.
 */
async function appendRoomEvents(tx: Tx, applied: Applied[]): Promise<Map<string, number>> {
  const seqs = new Map<string, number>();
  if (applied.length === 0) return seqs;
  const counts = new Map<string, number>();
  for (const { roomId } of applied) counts.set(roomId, (counts.get(roomId) ?? 0) + 1);
  const rooms = await tx.$queryRaw<{ id: string; lastSeq: number }[]>`
    SELECT id::text, "lastSeq" FROM "Room" WHERE id = ANY(${[...counts.keys()]}::uuid[])
    ORDER BY id FOR NO KEY UPDATE`;
  const next = new Map(rooms.map((room) => [room.id, room.lastSeq]));
  const events = applied.map(({ claim: { messageId }, roomId }) => {
    const seq = next.get(roomId)! + 1;
    next.set(roomId, seq);
    seqs.set(messageId, seq);
    return { roomId, seq, messageId };
  });
  const bumps = [...counts].map(([id, n]) => ({ id, n }));
  const written = await tx.$executeRaw`
    WITH bumped AS (
      UPDATE "Room" r SET "lastSeq" = r."lastSeq" + b.n
      FROM jsonb_to_recordset(${jsonParameter(bumps)}::jsonb) AS b(id uuid, n int)
      WHERE r.id = b.id
    )
    INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId")
    SELECT e."roomId", e.seq, 'MESSAGE_MODERATED', e."messageId"
    FROM jsonb_to_recordset(${jsonParameter(events)}::jsonb) AS e("roomId" uuid, seq int, "messageId" uuid)`;
  if (written !== events.length) throw new Error(`wrote ${written} of ${events.length} room events`);
  return seqs;
}

/**
 * Rows for jsonb_to_recordset, as one JSON text. JSON.stringify escapes a lone
 * UTF-16 surrogate (a string cut inside an emoji) as "\udXXX", which jsonb
 * rejects, failing the whole batch; as a text parameter it would have become
 * U+FFFD, so it becomes that here too.
 */
function jsonParameter(rows: object[]): string {
  return JSON.stringify(rows).replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, "$1\\ufffd");
}

/** The audit row's one-line reason (the column holds 500 characters; details keep everything). */
export function summarise(verdict: ModerationVerdict): string {
  const why = verdict.reasons.length > 0 ? verdict.reasons.join("; ") : "nothing matched";
  const line = `automatic ${verdict.status} (rules ${verdict.rulesVersion}): ${why}`;
  return line.length <= 500 ? line : `${line.slice(0, 499)}…`;
}
