// Persisting an automatic verdict: the only place the worker writes to Postgres.

import type { Database, ModerationStatus, Prisma } from "@chatmod/api/db";
import type { ModerationVerdict, VerdictStatus } from "./moderation/verdict.ts";

type Tx = Prisma.TransactionClient;

/** Why a verdict was not applied; each is a normal end of the job, not a failure. */
export type SkipReason =
  /** The message no longer exists (its outbox row went with it). */
  | "missing"
  /** The author deleted it: there is nothing left to show or hide. */
  | "deleted"
  /** No outbox row: this version was already decided (a duplicate or re-run job). */
  | "not-owed"
  /** The outbox row has a newer owed time: the message was edited, and that version's job decides. */
  | "superseded"
  /** A moderator decided: a person's decision is never overwritten by the automatic one. */
  | "decided";

export type VerdictOutcome =
  | { applied: true; roomId: string; messageId: string; seq: number; status: VerdictStatus; at: Date }
  | { applied: false; messageId: string; reason: SkipReason };

/**
 * Applies `verdict` to the message version whose moderation became owed at
 * `owedAt`, in one transaction: status and details, the room's next event
 * (MESSAGE_MODERATED), the audit row, and the outbox row's deletion. So the
 * verdict and "no longer owed" commit together: a job that runs twice (a
 * duplicate, a retry after a crash past the commit) finds nothing owed and skips.
 *
 * Locks the message row first and the room row second, the order the API's
 * edit/delete use, so the two never deadlock. Holding the message lock, every
 * later read sees the latest committed edit or moderator decision, and none can
 * slip in before this commits.
 */
export async function applyVerdict(
  db: Database,
  messageId: string,
  owedAt: Date,
  verdict: ModerationVerdict,
): Promise<VerdictOutcome> {
  return db.$transaction(
    async (tx) => {
      const [message] = await tx.$queryRaw<{ roomId: string; status: ModerationStatus; deletedAt: Date | null }[]>`
        SELECT "roomId", "moderationStatus"::text AS status, "deletedAt"
        FROM "Message" WHERE id = ${messageId}::uuid FOR UPDATE`;
      if (!message) return skipped(messageId, "missing");

      const owed = await tx.moderationOutbox.findUnique({ where: { messageId }, select: { createdAt: true } });
      if (!owed) return skipped(messageId, "not-owed");
      // The job id carries owedAt, so an edit (which resets createdAt) makes the older job stale.
      if (owed.createdAt.getTime() !== owedAt.getTime()) return skipped(messageId, "superseded");

      const reason = message.deletedAt ? "deleted" : await decidedByModerator(tx, messageId, message.status, owedAt);
      if (reason) {
        // This version's moderation is settled either way: it is no longer owed.
        await clearOwedIn(tx, messageId, owedAt);
        return skipped(messageId, reason);
      }

      const at = new Date();
      const updated = await tx.message.updateMany({
        where: { id: messageId, moderationStatus: "PENDING", deletedAt: null },
        data: {
          moderationStatus: verdict.status,
          moderation: toJson({
            reasons: verdict.reasons,
            matchedTerms: verdict.matchedTerms,
            sentiment: verdict.sentiment,
            severity: verdict.severity,
            rulesVersion: verdict.rulesVersion,
            decidedBy: "auto",
          }),
          moderatedAt: at,
          sentimentScore: Math.round(verdict.sentiment.score),
        },
      });
      // Cannot happen while we hold the row lock and checked above; kept so a bug skips instead of double-writing.
      if (updated.count !== 1) return skipped(messageId, "decided");

      await tx.moderationDecision.create({
        data: {
          messageId,
          moderatorId: null,
          fromStatus: "PENDING",
          toStatus: verdict.status,
          reason: summarise(verdict),
          details: toJson(verdict),
        },
      });
      await clearOwedIn(tx, messageId, owedAt);
      // The room row last: every verdict of the room waits for its lock, so it is held for two statements only.
      const room = await tx.room.update({
        where: { id: message.roomId },
        data: { lastSeq: { increment: 1 } },
        select: { lastSeq: true },
      });
      const seq = room.lastSeq;
      await tx.roomEvent.create({ data: { roomId: message.roomId, seq, kind: "MESSAGE_MODERATED", messageId } });
      return { applied: true, roomId: message.roomId, messageId, seq, status: verdict.status, at };
    },
    // A lock wait longer than this (a stuck transaction elsewhere) fails the attempt; BullMQ retries it.
    { maxWait: 5_000, timeout: 15_000 },
  );
}

/** Marks one version's moderation as no longer owed; a newer version's row (after an edit) is left alone. */
export async function clearOwed(db: Database, messageId: string, owedAt: Date): Promise<void> {
  await clearOwedIn(db, messageId, owedAt);
}

async function clearOwedIn(tx: Tx, messageId: string, owedAt: Date): Promise<void> {
  await tx.moderationOutbox.deleteMany({ where: { messageId, createdAt: owedAt } });
}

/**
 * "decided" when a person has ruled on this version: the status moved off PENDING
 * (only moderators do that outside this worker, and this worker's own verdict
 * also deletes the outbox row), or a moderator's decision is newer than owedAt
 * (say, one that put the message back to PENDING for a colleague).
 */
async function decidedByModerator(
  tx: Tx,
  messageId: string,
  status: ModerationStatus,
  owedAt: Date,
): Promise<"decided" | null> {
  if (status !== "PENDING") return "decided";
  const human = await tx.moderationDecision.findFirst({
    where: { messageId, moderatorId: { not: null }, createdAt: { gt: owedAt } },
    select: { id: true },
  });
  return human ? "decided" : null;
}

function skipped(messageId: string, reason: SkipReason): VerdictOutcome {
  return { applied: false, messageId, reason };
}

/** The audit row's one-line reason (the column holds 500 characters; details keep everything). */
export function summarise(verdict: ModerationVerdict): string {
  const why = verdict.reasons.length > 0 ? verdict.reasons.join("; ") : "nothing matched";
  const line = `automatic ${verdict.status} (rules ${verdict.rulesVersion}): ${why}`;
  return line.length <= 500 ? line : `${line.slice(0, 499)}…`;
}

/** Verdicts are plain data by design; the round trip makes that a fact Prisma's JSON type can see. */
function toJson(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}
