import { requireModerator } from "../auth/roles.ts";
import { lockRoomForNextSeq } from "../chat/messages.ts";
import type { Context } from "../context.ts";
import type { ModerationStatus } from "../db.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomEvent } from "../live/announce.ts";
import type { MessageWithAuthor } from "../live/message-json.ts";
import * as valid from "../validation.ts";

export type ModerationAction = "APPROVE" | "REJECT" | "RESTORE";

export const BULK_LIMIT = 100;

type Current = { moderationStatus: ModerationStatus; heldForReview: boolean };

type Transition = { to: ModerationStatus } | { refused: string };

/** The status an action leads to from the current state, or why it cannot apply. */
export function transition(action: ModerationAction, current: Current): Transition {
  const status = current.moderationStatus;
  switch (action) {
    case "APPROVE":
      if (status === "REJECTED") return { refused: "a rejected message is restored, not approved" };
      return status === "APPROVED" && !current.heldForReview ? { refused: "already approved" } : { to: "APPROVED" };
    case "REJECT":
      return status === "REJECTED" ? { refused: "already rejected" } : { to: "REJECTED" };
    case "RESTORE":
      return status === "REJECTED" ? { to: "APPROVED" } : { refused: "only a rejected message can be restored" };
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
  const steps = messages.map((message) => ({ message, step: transition(input.action, message) }));
  const refused = steps.flatMap(({ message, step }) => ("refused" in step ? [{ message, why: step.refused }] : []));
  if (refused.length > 0)
    throw apiError(
      ErrorCode.BAD_USER_INPUT,
      `Cannot ${input.action.toLowerCase()}: ${refused.map(({ message, why }) => `message ${message.seq} is ${why}`).join("; ")}.`,
      { field: "messageIds", messageIds: refused.map(({ message }) => message.id) },
    );

  const decided: MessageWithAuthor[] = [];
  for (const { message, step } of steps) {
    if (!("to" in step)) continue;
    const { to } = step;
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
      const decision = await tx.moderationDecision.create({
        select: { id: true },
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
        decisionId: decision.id,
        updated: await tx.message.findUniqueOrThrow({ where: { id: message.id }, include: { author: true } }),
      };
    });
    if (!result)
      throw apiError(ErrorCode.CONFLICT, `Message ${message.seq} changed while you decided; reload and try again.`);
    decided.push(result.updated);
    announceRoomEvent(context, {
      roomId: message.roomId,
      seq: result.seq,
      kind: "MESSAGE_MODERATED",
      messageId: message.id,
    });
    announceModerationEvent(context, {
      roomId: message.roomId,
      messageId: message.id,
      kind: "DECISION",
      moderatorId: moderator.id,
      decisionId: result.decisionId,
    });
  }
  return decided;
}
