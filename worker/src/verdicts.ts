// Persisting automatic verdicts, a batch at a time: the only place the worker writes to Postgres.

import type { Message } from "@chatmod/core/db";
import { type AuthorJson, authorFromJson, authorJson, type MessageWithAuthor } from "@chatmod/core/message-json";
import { insertRoomEvents, numberRoomEvents } from "@chatmod/core/room-log";
import { type Queryable, rows, sql, transaction } from "@chatmod/core/sql";
import type pg from "pg";
import type { ModerationVerdict, VerdictStatus } from "./moderation/verdict.ts";
import { type Claim, type LockedMessage, type SkipReason, settle } from "./owed.ts";

export type { SkipReason } from "./owed.ts";

/** A job's verdict on one message version; null when the message was deleted before it was read. */
export type VerdictClaim = Claim & {
  verdict: ModerationVerdict | null;
  /** What the author is told if the verdict removes the message (notices.ts), with the notice's id. */
  removalNotice?: { id: string; text: string };
};

export type VerdictOutcome =
  | {
      applied: true;
      roomId: string;
      messageId: string;
      seq: number;
      status: VerdictStatus;
      at: Date;
      /** The message as the verdict left it, with its author: the room's fact carries it. */
      message: MessageWithAuthor;
      /** The notice stored for its author when the verdict removed it. */
      noticeId: string | null;
    }
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
 * Locks every message row first, in id order, and the rooms last, in id order
 * (room-log.ts: lock order). Holding the message locks, the reads see the latest
 * committed edit or decision and none can slip in before this commits. Five
 * round trips whatever the size; the rooms are locked only by the last statement
 * before the commit (writeVerdicts), since every send to them waits for it.
 */
export async function storeVerdicts(pool: pg.Pool, claims: readonly VerdictClaim[]): Promise<VerdictOutcome[]> {
  if (claims.length === 0) return [];
  const messageIds = [...new Set(claims.map((claim) => claim.messageId))];
  return transaction(pool, async (tx) => {
    await tx.query(sql`SELECT id FROM "Message" WHERE id = ANY(${messageIds}::uuid[]) ORDER BY id FOR UPDATE`);
    const locked = await readLocked(tx, messageIds);
    const settlements = settle(claims, new Map(locked.map((message) => [message.id, message])));

    const applying: Applied[] = [];
    const cleared: Claim[] = [];
    for (const [index, settlement] of settlements.entries()) {
      const claim = claims[index]!;
      if (settlement.apply && claim.verdict)
        applying.push({ claim: { ...claim, verdict: claim.verdict }, roomId: settlement.roomId });
      else if (!settlement.apply && settlement.clear) cleared.push(claim);
    }
    const at = new Date();
    const stored = await writeVerdicts(tx, applying, cleared, at);

    return claims.map((claim, index): VerdictOutcome => {
      const settlement = settlements[index]!;
      const { messageId } = claim;
      if (!settlement.apply) return { applied: false, messageId, reason: settlement.reason };
      const verdict = stored.get(messageId);
      // Cannot happen while the rows are locked and checked; kept so a bug skips instead of double-writing.
      if (verdict === undefined || !claim.verdict) return { applied: false, messageId, reason: "decided" };
      const { seq, message } = verdict;
      const noticeId = message.moderationStatus === "REJECTED" ? (claim.removalNotice?.id ?? null) : null;
      return {
        applied: true,
        roomId: settlement.roomId,
        messageId,
        seq,
        status: claim.verdict.status,
        at,
        message,
        noticeId,
      };
    });
  });
}

/** The messages' state, read in a statement of its own: its snapshot starts after every message lock is held. */
function readLocked(tx: Queryable, messageIds: string[]): Promise<LockedMessage[]> {
  return rows<LockedMessage>(
    tx,
    sql`
    SELECT m.id::text, m."roomId"::text, m."moderationStatus"::text AS status, m."deletedAt" IS NOT NULL AS deleted,
      o."createdAt" AS "owedAt",
      (SELECT max(d."createdAt") FROM "ModerationDecision" d
        WHERE d."messageId" = m.id AND d."moderatorId" IS NOT NULL) AS "moderatorDecidedAt"
    FROM "Message" m
    LEFT JOIN "ModerationOutbox" o ON o."messageId" = m.id
    WHERE m.id = ANY(${messageIds}::uuid[])`,
  );
}

/**
 * Every write of the batch in one statement: the message rows (re-checked
 * PENDING and not deleted: only those updated count as applied), their audit
 * rows, the settled outbox rows, and each room's events in batch order. The
 * message rows are already locked; the rooms are locked here, in id order
 * (`locked_room`: materialized, its rows locked as the sort hands them out; a
 * room's lastSeq is raised only once `applied`, which reads it, is complete),
 * and held only until the commit that follows. Holding them from an earlier
 * statement made every send to a moderated room wait out two more round trips:
 * at 200 msg/s in one room, a send's statement took 3.2 ms in Postgres against
 * 0.3 without the worker. Returns each applied message's seq, and the message as
 * updated with its author.
 *
 * A prepared statement (named): each connection plans it once. Planned for every
 * batch, it took Postgres 0.5 ms to plan, more than to run, at 200 msg/s. The
 * small statements before it stay unnamed: a plan made once on a small table
 * kept reading it whole as it grew (0.03 ms a lookup became 0.2 ms).
 */
async function writeVerdicts(
  tx: Queryable,
  applying: Applied[],
  cleared: Claim[],
  at: Date,
): Promise<Map<string, { seq: number; message: MessageWithAuthor }>> {
  const verdicts = applying.map(({ claim: { messageId, owedAt, verdict, removalNotice }, roomId }, order) => ({
    order,
    messageId,
    roomId,
    noticeId: removalNotice?.id ?? null,
    notice: removalNotice?.text ?? null,
    owedAt: owedAt.toISOString(),
    status: verdict.status,
    moderation: {
      reasons: verdict.reasons,
      evidence: verdict.evidence,
      categories: verdict.categories,
      matchedTerms: verdict.matchedTerms,
      sentiment: verdict.sentiment,
      severity: verdict.severity,
      rulesVersion: verdict.rulesVersion,
      modelVersion: verdict.modelVersion,
      decidedBy: "auto",
    },
    sentimentScore: Math.round(verdict.sentiment.score),
    reason: summarise(verdict),
  }));
  const settled = cleared.map(({ messageId, owedAt }) => ({ messageId, owedAt: owedAt.toISOString() }));
  // The rows each part touches, as arrays of keys too: joined only to the JSON rows, whose count the
  // planner cannot know, Postgres scanned every PENDING message and the whole outbox once a batch,
  // which a backlog makes long.
  const applyingIds = verdicts.map((row) => row.messageId);
  const settledIds = [...applyingIds, ...settled.map((row) => row.messageId)];
  const roomIds = [...new Set(verdicts.map((row) => row.roomId))];
  const stored = await rows<Message & { eventSeq: number; author: AuthorJson }>(tx, {
    ...sql`
    WITH verdict AS (
      SELECT * FROM jsonb_to_recordset(${jsonParameter(verdicts)}::jsonb) AS v(
        "order" int, "messageId" uuid, "roomId" uuid, "noticeId" uuid, notice text, "owedAt" timestamptz,
        status "ModerationStatus", moderation jsonb, "sentimentScore" int, reason text)
    ), locked_room AS MATERIALIZED (
      SELECT id FROM "Room" WHERE id = ANY(${roomIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE
    ), stored AS (
      UPDATE "Message" m
      -- Pre-moderation: a clean message still waits for a moderator; the verdict is kept for them to read.
      SET "moderationStatus" = CASE WHEN m."preModerated" AND v.status = 'APPROVED' THEN 'PENDING' ELSE v.status END,
        moderation = v.moderation, "moderatedAt" = ${at},
        "sentimentScore" = v."sentimentScore"
      FROM verdict v
      -- The status compared as text: with the status index on offer, a planner that thinks few messages are
      -- PENDING (statistics not yet updated after a burst) read every PENDING one to find the batch's.
      WHERE m.id = ANY(${applyingIds}::uuid[]) AND m.id = v."messageId"
        AND m."moderationStatus"::text = 'PENDING' AND m."deletedAt" IS NULL
      RETURNING m.*
    ), applied AS (
      SELECT v.*, v."order" AS position, s."moderationStatus" AS stored FROM verdict v JOIN stored s ON s.id = v."messageId"
      WHERE v."roomId" IN (SELECT id FROM locked_room)
    ), audited AS (
      INSERT INTO "ModerationDecision" (id, "messageId", "moderatorId", "fromStatus", "toStatus", reason, details)
      SELECT gen_random_uuid(), a."messageId", NULL, 'PENDING', a.stored,
        CASE WHEN a.stored = 'PENDING' THEN left(a.reason || ' Held for a moderator (pre-moderation).', 500) ELSE a.reason END,
        -- The audit row keeps the verdict as stored on the message, sent once (verdicts are the bulk of the batch).
        a.moderation
      FROM applied a
    ), told AS (
      -- The author of a removed message is told (the app shows it; notices wait for them if they are away).
      INSERT INTO "Notice" (id, "userId", kind, text, "roomId", "messageId")
      SELECT a."noticeId", s."authorId", 'MESSAGE_REMOVED', a.notice, s."roomId", s.id
      FROM applied a JOIN stored s ON s.id = a."messageId"
      WHERE a.stored = 'REJECTED' AND a."noticeId" IS NOT NULL
    ), done AS (
      SELECT a."messageId", a."owedAt" FROM applied a
      UNION ALL
      SELECT * FROM jsonb_to_recordset(${jsonParameter(settled)}::jsonb) AS c("messageId" uuid, "owedAt" timestamptz)
    ), unowed AS (
      DELETE FROM "ModerationOutbox" o USING done
      WHERE o."messageId" = ANY(${settledIds}::uuid[])
        AND o."messageId" = done."messageId" AND o."createdAt" = done."owedAt"
    ), ${numberRoomEvents("numbered", "applied")}, ${insertRoomEvents("appended", "MESSAGE_MODERATED", "numbered")}
    SELECT s.*, e.seq AS "eventSeq", ${authorJson("u")} AS author
    FROM appended e JOIN stored s ON s.id = e."messageId" JOIN "User" u ON u.id = s."authorId"`,
    name: "chatmod_verdicts_write",
  });
  return new Map(
    stored.map(({ eventSeq, author, ...message }) => [
      message.id,
      { seq: eventSeq, message: { ...message, author: authorFromJson(author) } },
    ]),
  );
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

const statusWords: Readonly<Record<ModerationVerdict["status"], string>> = {
  APPROVED: "approved",
  FLAGGED: "flagged for review",
  REJECTED: "rejected",
};

/** The audit row's one-line reason, in plain words (the column holds 500 characters; details keep the evidence). */
export function summarise(verdict: ModerationVerdict): string {
  const why = verdict.reasons.length > 0 ? `: ${verdict.reasons.join("; ")}` : "";
  const line = `Automatic moderator ${statusWords[verdict.status]}${why}.`;
  return line.length <= 500 ? line : `${line.slice(0, 499)}…`;
}
