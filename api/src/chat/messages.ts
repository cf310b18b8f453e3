import type { Database, Prisma, RoomEventKind } from "@chatmod/core/db";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { appendRoomEvents } from "@chatmod/core/room-log";
import { requireRoomAccess, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomEvent } from "../live/announce.ts";
import * as valid from "../validation.ts";
import { mentionedKeys } from "./mentions.ts";
import { replyTarget } from "./replies.ts";
import { refuseIfNotYourTurn } from "./slow-mode.ts";

type Tx = Prisma.TransactionClient;

/**
 * Posts a message: one statement allocates its sequence number and stores it
 * with its room event and its owed moderation job (see post.ts), then Redis
 * wakes the room's subscribers. A retry with the same clientId returns the first
 * message unchanged, even past the rate limit.
 */
export async function sendMessage(
  context: Context,
  input: { roomId: string; text: string; clientId: string; replyToId?: string | null },
): Promise<MessageWithAuthor> {
  const viewer = requireViewer(context);
  const roomId = valid.uuidOrNull(input.roomId);
  if (!roomId) throw notFound("Room");
  const text = valid.messageText(input.text);
  const clientId = valid.clientId(input.clientId);

  try {
    await limitWrites(context, viewer.id);
  } catch (error) {
    const earlier = await findByClientId(context.db, viewer.id, clientId);
    if (earlier) return sameRoomOrConflict(earlier, roomId);
    throw error;
  }

  const replyToId = input.replyToId ? await replyTarget(context, viewer, roomId, input.replyToId) : null;
  const row = { roomId, authorId: viewer.id, clientId, text, replyToId };
  let posted = await context.postMessage(row, context.span);
  if (posted === "not-allowed") {
    // A retry of a message stored before (its slow-mode turn now taken by itself) returns it.
    const earlier = await findByClientId(context.db, viewer.id, clientId);
    if (earlier) return sameRoomOrConflict(earlier, roomId);
    // Says which: no such room, not a member, a sanction, or slow mode; if none holds now, try once more.
    await requireRoomAccess(context, roomId, "post");
    await refuseIfNotYourTurn(context.db, roomId, viewer.id);
    posted = await context.postMessage(row, context.span);
    if (posted === "not-allowed") throw forbidden("Join the room first.");
  }
  if (posted === "duplicate") {
    const earlier = await findByClientId(context.db, viewer.id, clientId);
    if (!earlier) throw new Error("a clientId conflict without its message");
    return sameRoomOrConflict(earlier, roomId);
  }
  const { owedAt, ...message } = posted;
  announceRoomEvent(context, { roomId, seq: message.seq, kind: "MESSAGE_ADDED", messageId: message.id }, message);
  // Held until approved: it is in the moderators' pending queue from now on.
  if (message.preModerated) announceModerationEvent(context, { roomId, messageId: message.id, kind: "QUEUED" });
  requestModeration(context, message.id, owedAt);
  // Sent: no longer typing. Redis only, not awaited: the send path gains no Postgres work and no wait.
  context.presence.stopTyping(roomId, viewer.id).catch((error: unknown) => {
    context.log.warn({ err: error, roomId }, "could not clear typing");
  });
  return message;
}

/** The author changes the text; the change is a room event, and the message is moderated again. */
export async function editMessage(
  context: Context,
  input: { messageId: string; text: string },
): Promise<MessageWithAuthor> {
  requireViewer(context);
  const text = valid.messageText(input.text);
  // A timeout forbids editing too: "post" access.
  const edited = await changeOwnMessage(context, input.messageId, "MESSAGE_EDITED", "post", (tx, messageId) =>
    storeEdit(tx, messageId, text),
  );
  if (edited) return edited;
  const current = await findOrThrow(context.db, input.messageId);
  if (current.deletedAt) throw apiError(ErrorCode.BAD_USER_INPUT, "A deleted message cannot be edited.");
  throw forbidden("A rejected message cannot be edited; send a new one instead.");
}

/** The author deletes a message: it stays as a tombstone, so the room's history keeps its order. */
export async function deleteMessage(context: Context, input: { messageId: string }): Promise<MessageWithAuthor> {
  requireViewer(context);
  // Taking one's own words back stays possible under a timeout: "read" access.
  const deleted = await changeOwnMessage(context, input.messageId, "MESSAGE_DELETED", "read", async (tx, messageId) => {
    const { count } = await tx.message.updateMany({
      where: { id: messageId, deletedAt: null },
      data: { deletedAt: new Date() },
    });
    return count === 0 ? null : {};
  });
  // Deleting twice changes nothing and answers with the message as it is.
  return deleted ?? findOrThrow(context.db, input.messageId);
}

/**
 * Stores the new text of a message that is neither deleted nor rejected (a
 * rejected message stays rejected: an edit would make it pending, shown again,
 * and undo the decision), and owes its moderation anew. Each edit's time is
 * after the one before, even within one millisecond: a moderation job claims
 * the version owed at that time (its job id carries it), and a moderator's
 * decision names the version they read by it, so two edits must never share it.
 */
async function storeEdit(tx: Tx, messageId: string, text: string): Promise<{ owedAt: Date } | null> {
  // Mentions follow the text: a name added by an edit counts, one taken out no longer does (as when sending: post.ts).
  const keys = mentionedKeys(text);
  const [edited] = await tx.$queryRaw<{ editedAt: Date }[]>`
    UPDATE "Message"
    SET text = ${text}, "moderationStatus" = 'PENDING',
        "mentionedUserIds" = ARRAY(SELECT u.id FROM "User" u WHERE u."usernameKey" = ANY(${keys}::text[]) AND u.id <> "Message"."authorId"),
        "editedAt" = greatest(date_trunc('milliseconds', clock_timestamp()),
                              coalesce("editedAt", "createdAt") + interval '1 millisecond')
    WHERE id = ${messageId}::uuid AND "deletedAt" IS NULL AND "moderationStatus" <> 'REJECTED'
    RETURNING "editedAt"`;
  if (!edited) return null;
  const owedAt = edited.editedAt;
  await tx.moderationOutbox.upsert({
    where: { messageId },
    create: { messageId, createdAt: owedAt },
    update: { createdAt: owedAt },
  });
  return { owedAt };
}

/**
 * Applies an author's change to their own message (`change` answers null when
 * it does not apply: the message is deleted, say) and records it as the room's
 * next event. The change locks the message row first (room-log.ts: lock order).
 */
async function changeOwnMessage(
  context: Context,
  rawId: string,
  kind: RoomEventKind,
  access: "read" | "post",
  change: (tx: Tx, messageId: string) => Promise<{ owedAt?: Date } | null>,
): Promise<MessageWithAuthor | null> {
  const current = await findOrThrow(context.db, rawId);
  const viewer = await requireRoomAccess(context, current.roomId, access);
  if (current.authorId !== viewer.id) throw forbidden("You can change only your own messages.");
  await limitWrites(context, viewer.id);
  const { roomId, id: messageId } = current;

  const changed = await context.db.$transaction(async (tx) => {
    const applied = await change(tx, messageId);
    if (!applied) return null;
    const [event] = await appendRoomEvents(tx, [{ roomId, kind, messageId }]);
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { author: true } });
    return { seq: event!.seq, message, owedAt: applied.owedAt };
  });
  if (!changed) return null;
  announceRoomEvent(context, { roomId, seq: changed.seq, kind, messageId }, changed.message);
  if (changed.owedAt) requestModeration(context, messageId, changed.owedAt);
  return changed.message;
}

/**
 * Sends, edits and deletes share one budget per user (shared by the replicas):
 * each is a room event every subscriber receives, and an edit is a moderation job too.
 */
function limitWrites({ env, rateLimiter }: Context, userId: string): Promise<void> {
  return rateLimiter.hit({ name: "send", limit: env.SEND_RATE_LIMIT, windowMs: env.SEND_RATE_WINDOW_MS }, userId);
}

async function findOrThrow(db: Database, rawId: string): Promise<MessageWithAuthor> {
  const messageId = valid.uuidOrNull(rawId);
  const message = messageId
    ? await db.message.findUnique({ where: { id: messageId }, include: { author: true } })
    : null;
  if (!message) throw notFound("Message");
  return message;
}

function findByClientId(db: Database, authorId: string, clientId: string) {
  return db.message.findUnique({ where: { authorId_clientId: { authorId, clientId } }, include: { author: true } });
}

function sameRoomOrConflict(message: MessageWithAuthor, roomId: string): MessageWithAuthor {
  if (message.roomId !== roomId)
    throw apiError(ErrorCode.CONFLICT, "That clientId was already used for a message in another room.", {
      field: "clientId",
    });
  return message;
}

/** The outbox row is the promise; this is the fast path. If it fails, the worker's outbox sweep enqueues the row. */
function requestModeration(context: Context, messageId: string, owedAt: Date) {
  context.requestModeration(messageId, owedAt, context.span).catch((error: unknown) => {
    context.log.warn({ err: error, messageId }, "could not request moderation; the outbox sweep will");
  });
}
