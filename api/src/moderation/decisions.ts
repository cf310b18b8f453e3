import { requireModerator } from "../auth/roles.ts";
import { lockRoomForNextSeq } from "../chat/messages.ts";
import type { Context } from "../context.ts";
import type { ModerationStatus } from "../db.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import type { MessageWithAuthor } from "../live/room-events.ts";
import * as valid from "../validation.ts";

export type ModerationAction = "APPROVE" | "REJECT" | "RESTORE";

export const BULK_LIMIT = 100;

type Current = { moderationStatus: ModerationStatus; heldForReview: boolean };

/** The status an action leads to from the current state, or why it cannot apply. */
export function transition(action: ModerationAction, current: Current): ModerationStatus | string {
  switch (action) {
    case "APPROVE":
      return current.moderationStatus === "REJECTED"
        ? "a rejected message is restored, not approved"
        : current.moderationStatus === "APPROVED" && !current.heldForReview
          ? "already approved"
          : "APPROVED";
    case "REJECT":
      return current.moderationStatus === "REJECTED" ? "already rejected" : "REJECTED";
    case "RESTORE":
      return current.moderationStatus === "REJECTED" ? "APPROVED" : "only a rejected message can be restored";
  }
}

/**
 * A moderator's decision on one or more messages. All are checked first, so a
 * bulk decision applies to all or none; each message then changes in its own
 * transaction (message row, then room row: the lock order everyone uses) with
 * an audit row and a room event, and everyone watching is told.
 */
export async function decide(
  context: Context,
  input: { messageIds: readonly string[]; action: ModerationAction; reason: string },
): Promise<MessageWithAuthor[]> {
  const moderator = requireModerator(context);
  const reason = valid.boundedText("reason", input.reason, 0, 500);
  const ids = [...new Set(input.messageIds.map((id) => valid.uuidOrNull(id)))];
  if (ids.length === 0 || ids.length > BULK_LIMIT)
    throw apiError(ErrorCode.BAD_USER_INPUT, `Decide on 1 to ${BULK_LIMIT} messages at a time.`, {
      field: "messageIds",
    });
  if (ids.includes(null)) throw notFound("Message");

  const messages = await context.db.message.findMany({ where: { id: { in: ids as string[] } } });
  if (messages.length !== ids.length) throw notFound("Message");
  const refused = messages
    .map((message) => ({ message, to: transition(input.action, message) }))
    .filter((step) => !isStatus(step.to));
  if (refused.length > 0)
    throw apiError(
      ErrorCode.BAD_USER_INPUT,
      `Cannot ${input.action.toLowerCase()}: ${refused.map((step) => `message ${step.message.seq} is ${step.to}`).join("; ")}.`,
      { field: "messageIds", messageIds: refused.map((step) => step.message.id) },
    );

  const decided: MessageWithAuthor[] = [];
  for (const message of messages) {
    const to = transition(input.action, message) as ModerationStatus;
    const result = await context.db.$transaction(async (tx) => {
      // Guarded by the status read above: a concurrent decision makes this one a conflict, not an overwrite.
      const changed = await tx.message.updateMany({
        where: { id: message.id, moderationStatus: message.moderationStatus, heldForReview: message.heldForReview },
        data: { moderationStatus: to, heldForReview: false, moderatedAt: new Date() },
      });
      if (changed.count === 0) return null;
      const { lastSeq: seq } = await lockRoomForNextSeq(tx, message.roomId);
      await tx.roomEvent.create({
        data: { roomId: message.roomId, seq, kind: "MESSAGE_MODERATED", messageId: message.id },
      });
      await tx.moderationDecision.create({
        data: {
          messageId: message.id,
          moderatorId: moderator.id,
          fromStatus: message.moderationStatus,
          toStatus: to,
          reason,
        },
      });
      await tx.report.updateMany({
        where: { messageId: message.id, resolvedAt: null },
        data: { resolvedAt: new Date() },
      });
      // A human decision settles it: an automatic verdict still owed would be skipped anyway.
      await tx.moderationOutbox.deleteMany({ where: { messageId: message.id } });
      return {
        seq,
        updated: await tx.message.findUniqueOrThrow({ where: { id: message.id }, include: { author: true } }),
      };
    });
    if (!result)
      throw apiError(ErrorCode.CONFLICT, `Message ${message.seq} changed while you decided; reload and try again.`);
    decided.push(result.updated);
    publish(context, message.roomId, message.id, result.seq);
  }
  return decided;
}

function isStatus(value: string): value is ModerationStatus {
  return value === "APPROVED" || value === "REJECTED" || value === "FLAGGED" || value === "PENDING";
}

function publish(context: Context, roomId: string, messageId: string, seq: number): void {
  const log = (error: unknown) => context.log.warn({ err: error, messageId }, "could not publish a decision");
  context.events.publishRoomEvent({ roomId, seq, kind: "MESSAGE_MODERATED", messageId }).catch(log);
  context.events
    .publishModerationEvent({ roomId, messageId, kind: "DECISION", at: new Date().toISOString() })
    .catch(log);
}
