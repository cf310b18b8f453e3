import { randomUUID } from "node:crypto";
import type { Message, ModerationStatus, Prisma } from "@chatmod/core/db";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { announceNotices, noticeText } from "@chatmod/core/notices";
import { appendRoomEvents } from "@chatmod/core/room-log";
import { requireModerator } from "../auth/roles.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomEvent } from "../live/announce.ts";
import * as valid from "../validation.ts";

export type ModerationAction = "APPROVE" | "REJECT" | "RESTORE";

export const BULK_LIMIT = 100;

/** The version of a message a moderator decided on: its editedAt as they read it (null: not edited then). */
export type SeenVersion = { messageId: string; editedAt: Date | null };

type Current = Pick<Message, "moderationStatus" | "heldForReview" | "deletedAt" | "reportCount">;

type Transition = { to: ModerationStatus } | { refused: string };

/** The status an action leads to from the current state, or why it cannot apply. */
export function transition(action: ModerationAction, current: Current): Transition {
  const status = current.moderationStatus;
  // Its text is gone, for moderators too: there is nothing left to decide on.
  if (current.deletedAt) return { refused: "deleted by its author" };
  switch (action) {
    case "APPROVE":
      if (status === "REJECTED") return { refused: "a rejected message is restored, not approved" };
      // Approving an approved message that members reported keeps it and dismisses their reports.
      return status === "APPROVED" && !current.heldForReview && current.reportCount === 0
        ? { refused: "already approved" }
        : { to: "APPROVED" };
    case "REJECT":
      return status === "REJECTED" ? { refused: "already rejected" } : { to: "REJECTED" };
    case "RESTORE":
      return status === "REJECTED" ? { to: "APPROVED" } : { refused: "only a rejected message can be restored" };
  }
}

type Step = { message: Message; to: ModerationStatus; seq: number; decisionId: string };

/**
 * A moderator's decision on one or more messages, all or nothing, in one
 * transaction: each message gets its new status, an audit row and a room event,
 * its reports are resolved and its owed automatic verdict dropped. A message
 * edited since the version the moderator names (`versions`) makes it a
 * CONFLICT that changes nothing. Everyone watching is told after the commit.
 */
export async function decide(
  context: Context,
  input: {
    messageIds: readonly string[];
    action: ModerationAction;
    reason: string;
    versions?: readonly SeenVersion[] | null;
  },
): Promise<MessageWithAuthor[]> {
  const moderator = requireModerator(context);
  const reason = valid.boundedText("reason", input.reason, 0, 500);
  const ids = [...new Set(input.messageIds.map((id) => valid.uuidOrNull(id)))];
  if (ids.length === 0 || ids.length > BULK_LIMIT)
    throw apiError(ErrorCode.BAD_USER_INPUT, `Decide on 1 to ${BULK_LIMIT} messages at a time.`, {
      field: "messageIds",
    });
  if (ids.includes(null)) throw notFound("Message");
  const messageIds = ids as string[];
  const seen = seenVersions(messageIds, input.versions);

  const { steps, updated, notices } = await context.db.$transaction(async (tx) => {
    // Every message row first, in id order (room-log.ts: lock order); apply() appends the events.
    await tx.$queryRaw`SELECT id FROM "Message" WHERE id = ANY(${messageIds}::uuid[]) ORDER BY id FOR UPDATE`;
    const messages = await tx.message.findMany({ where: { id: { in: messageIds } }, orderBy: { id: "asc" } });
    if (messages.length !== messageIds.length) throw notFound("Message");
    refuseEdited(messages, seen);
    const planned = plan(input.action, messages);
    const steps = await apply(tx, planned, seen, { moderatorId: moderator.id, reason, ids: auditIds(messageIds) });
    const updated = await tx.message.findMany({ where: { id: { in: messageIds } }, include: { author: true } });
    const removed = steps.filter((step) => step.to === "REJECTED").map((step) => step.message);
    return { steps, updated, notices: await tellAuthorsOfRemoval(tx, removed, reason) };
  });
  await announceNotices(context.events, notices).catch((error: unknown) => {
    context.log.warn({ err: error }, "could not announce notices");
  });

  // In seq order per room, as the events were numbered.
  for (const { message, seq, decisionId } of steps) {
    const { roomId, id: messageId } = message;
    announceRoomEvent(context, { roomId, seq, kind: "MESSAGE_MODERATED", messageId });
    announceModerationEvent(context, { roomId, messageId, kind: "DECISION", moderatorId: moderator.id, decisionId });
  }
  const byId = new Map(updated.map((message) => [message.id, message]));
  return messageIds.map((id) => byId.get(id)!);
}

/** Each author of a removed message is told, with the moderator's reason when they gave one. */
async function tellAuthorsOfRemoval(tx: Prisma.TransactionClient, removed: readonly Message[], reason: string) {
  if (removed.length === 0) return [];
  const rooms = await tx.room.findMany({
    where: { id: { in: [...new Set(removed.map((message) => message.roomId))] } },
    select: { id: true, slug: true },
  });
  const slugOf = new Map(rooms.map((room) => [room.id, room.slug]));
  const notices = removed.map((message) => ({
    id: randomUUID(),
    userId: message.authorId,
    kind: "MESSAGE_REMOVED" as const,
    roomId: message.roomId,
    messageId: message.id,
    text: noticeText.messageRemoved(slugOf.get(message.roomId) ?? "", reason || null),
  }));
  await tx.notice.createMany({ data: notices });
  return notices;
}

/**
 * The audit rows' ids, by message id: descending in the order the moderator listed the messages. The rows of
 * one decision share createdAt, and the log (newest first) breaks that tie by id: random ids would list them
 * in any order, these list them in the decision's.
 */
function auditIds(messageIds: readonly string[]): Map<string, string> {
  const ids = messageIds.map(() => randomUUID()).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return new Map(messageIds.map((messageId, index) => [messageId, ids[index]!]));
}

/** The versions by message id; when given at all, exactly one for each message decided on. */
function seenVersions(messageIds: readonly string[], versions: readonly SeenVersion[] | null | undefined) {
  const seen = new Map<string, Date | null>();
  if (!versions) return seen;
  for (const { messageId, editedAt } of versions) seen.set(valid.uuidOrNull(messageId) ?? "", editedAt);
  if (seen.size !== versions.length || seen.size !== messageIds.length || messageIds.some((id) => !seen.has(id)))
    throw apiError(ErrorCode.BAD_USER_INPUT, "Give the version you saw of each message decided on, once each.", {
      field: "versions",
    });
  return seen;
}

/** A decision covers only the text the moderator read: an edit since then needs a new look. */
function refuseEdited(messages: readonly Message[], seen: ReadonlyMap<string, Date | null>): void {
  const edited = messages
    .filter((message) => seen.has(message.id) && !sameTime(seen.get(message.id)!, message.editedAt))
    .sort((a, b) => a.seq - b.seq);
  if (edited.length === 0) return;
  const seqs = edited.map((message) => message.seq);
  const what =
    seqs.length === 1
      ? `Message ${seqs[0]} was edited after you looked at it`
      : `Messages ${seqs.slice(0, -1).join(", ")} and ${seqs.at(-1)} were edited after you looked at them`;
  throw apiError(ErrorCode.CONFLICT, `${what}; review the new text.`, {
    messageIds: edited.map((message) => message.id),
  });
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

/** Each message's new status; refuses the whole decision if the action cannot apply to one of them. */
function plan(action: ModerationAction, messages: readonly Message[]) {
  const steps = messages.map((message) => ({ message, step: transition(action, message) }));
  const refused = steps.flatMap(({ message, step }) => ("refused" in step ? [{ message, why: step.refused }] : []));
  if (refused.length > 0)
    throw apiError(
      ErrorCode.BAD_USER_INPUT,
      `Cannot ${action.toLowerCase()}: ${refused.map(({ message, why }) => `message ${message.seq} is ${why}`).join("; ")}.`,
      { field: "messageIds", messageIds: refused.map(({ message }) => message.id) },
    );
  return steps.flatMap(({ message, step }) => ("to" in step ? [{ message, to: step.to }] : []));
}

/**
 * The decision's writes, with every message row already locked. Returns the
 * steps ordered by room id, then message id, with each event's seq.
 */
async function apply(
  tx: Prisma.TransactionClient,
  planned: readonly { message: Message; to: ModerationStatus }[],
  seen: ReadonlyMap<string, Date | null>,
  audit: { moderatorId: string; reason: string; ids: ReadonlyMap<string, string> },
): Promise<Step[]> {
  const now = new Date();
  const messageIds = planned.map(({ message }) => message.id);
  for (const to of new Set(planned.map((step) => step.to))) {
    const mine = planned.filter((step) => step.to === to);
    // Guarded by the state read and the version seen, not only by the locks: an edit never slips under a decision.
    const changed = await tx.message.updateMany({
      where: {
        OR: mine.map(({ message }) => ({
          id: message.id,
          moderationStatus: message.moderationStatus,
          heldForReview: message.heldForReview,
          editedAt: seen.has(message.id) ? seen.get(message.id)! : message.editedAt,
        })),
      },
      // Its reports are resolved below: only reports after this decision count toward holding it again.
      data: { moderationStatus: to, heldForReview: false, reportCount: 0, reportWeight: 0, moderatedAt: now },
    });
    if (changed.count !== mine.length)
      throw apiError(ErrorCode.CONFLICT, "Messages changed while you decided; reload and try again.");
  }

  // Planned in message id order (as read), so each room's events follow it too.
  const appended = await appendRoomEvents(
    tx,
    planned.map(({ message }) => ({ roomId: message.roomId, kind: "MESSAGE_MODERATED", messageId: message.id })),
  );
  const stepOf = new Map(planned.map((step) => [step.message.id, step]));
  const numbered = appended.map(({ messageId, seq }) => ({ ...stepOf.get(messageId)!, seq }));
  const decisions = await tx.moderationDecision.createManyAndReturn({
    select: { id: true, messageId: true },
    data: numbered.map(({ message, to }) => ({
      id: audit.ids.get(message.id)!,
      messageId: message.id,
      moderatorId: audit.moderatorId,
      fromStatus: message.moderationStatus,
      toStatus: to,
      reason: audit.reason,
    })),
  });
  // A removal upholds the message's reports; keeping it dismisses them (and weighs their reporters' next ones less).
  for (const to of new Set(planned.map((step) => step.to)))
    await tx.report.updateMany({
      where: {
        messageId: { in: planned.filter((step) => step.to === to).map(({ message }) => message.id) },
        resolvedAt: null,
      },
      data: { resolvedAt: now, outcome: to === "REJECTED" ? "UPHELD" : "DISMISSED" },
    });
  // A human decision settles the version they read: an automatic verdict still owed would be skipped anyway.
  await tx.moderationOutbox.deleteMany({ where: { messageId: { in: messageIds } } });
  const decisionOf = new Map(decisions.map((decision) => [decision.messageId, decision.id]));
  return numbered.map((step) => ({ ...step, decisionId: decisionOf.get(step.message.id)! }));
}
