import type { Prisma } from "@chatmod/core/db";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { appendRoomEvents } from "@chatmod/core/room-log";
import { requireRoomAccess, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceRoomEvent } from "../live/announce.ts";
import { viewMessage } from "../moderation/visibility.ts";
import * as valid from "../validation.ts";
import { reactionEmoji, reactionLimits } from "./emoji.ts";

/** Reactions per member, adding and taking back alike: each is a room event every subscriber receives. */
export const REACTION_LIMIT = { name: "react", limit: 30, windowMs: 10_000 };

type Tx = Prisma.TransactionClient;
type Change = "add" | "remove";

/**
 * A member reacts to a message they can read, or takes a reaction back. Both
 * are idempotent (reacting twice with one emoji changes nothing and is no
 * event); a change is the room's next event (MESSAGE_REACTED), so subscribers
 * on every replica, and clients resuming by seq, get the message with its new
 * reactions. A timeout forbids both, as it forbids sending.
 */
export async function changeReaction(
  context: Context,
  change: Change,
  input: { messageId: string; emoji: string },
): Promise<MessageWithAuthor> {
  const reactor = requireViewer(context);
  const emoji = reactionEmoji(input.emoji);
  const message = await findReactable(context, input.messageId);
  await context.rateLimiter.hit(REACTION_LIMIT, reactor.id);
  const { roomId, id: messageId } = message;

  const changed = await context.db.$transaction(async (tx) => {
    // The message row first, then the room's (room-log.ts: lock order); it also orders reactions to one message.
    const [locked] = await tx.$queryRaw<{ deletedAt: Date | null }[]>`
      SELECT "deletedAt" FROM "Message" WHERE id = ${messageId}::uuid FOR NO KEY UPDATE`;
    if (!locked || locked.deletedAt) throw deletedMessage();
    const applied =
      change === "add"
        ? await storeReaction(tx, messageId, reactor.id, emoji)
        : await dropReaction(tx, messageId, reactor.id, emoji);
    if (!applied) return null;
    const [event] = await appendRoomEvents(tx, [{ roomId, kind: "MESSAGE_REACTED", messageId }]);
    const current = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { author: true } });
    return { seq: event!.seq, message: current };
  });
  if (!changed) return message;
  announceRoomEvent(context, { roomId, seq: changed.seq, kind: "MESSAGE_REACTED", messageId }, changed.message);
  return changed.message;
}

/** Adds the reaction unless it is there; refuses a new emoji past the message's limit. */
async function storeReaction(tx: Tx, messageId: string, userId: string, emoji: string): Promise<boolean> {
  const used = await tx.reaction.findMany({ where: { messageId }, distinct: ["emoji"], select: { emoji: true } });
  if (used.length >= reactionLimits.distinctEmojiPerMessage && !used.some((reaction) => reaction.emoji === emoji))
    throw apiError(
      ErrorCode.BAD_USER_INPUT,
      `A message can have at most ${reactionLimits.distinctEmojiPerMessage} different emoji: react with one already there.`,
      { field: "emoji" },
    );
  const { count } = await tx.reaction.createMany({ data: [{ messageId, userId, emoji }], skipDuplicates: true });
  return count > 0;
}

async function dropReaction(tx: Tx, messageId: string, userId: string, emoji: string): Promise<boolean> {
  const { count } = await tx.reaction.deleteMany({ where: { messageId, userId, emoji } });
  return count > 0;
}

/**
 * The message, if the viewer may react to it: a member without a timeout, who
 * can read its text. A hidden message is not found (saying more would confirm
 * it exists); a masked one cannot be reacted to unread; a deleted one is gone.
 */
async function findReactable(context: Context, rawId: string): Promise<MessageWithAuthor> {
  const messageId = valid.uuidOrNull(rawId);
  const message = messageId
    ? await context.db.message.findUnique({ where: { id: messageId }, include: { author: true } })
    : null;
  if (!message) throw notFound("Message");
  const viewer = await requireRoomAccess(context, message.roomId, "post");
  const { visibility } = viewMessage(message, viewer);
  if (visibility === "HIDDEN") throw notFound("Message");
  if (message.deletedAt) throw deletedMessage();
  if (visibility === "MASKED") throw forbidden("This message is masked by moderation: it cannot be reacted to.");
  return message;
}

const deletedMessage = () => apiError(ErrorCode.BAD_USER_INPUT, "A deleted message cannot be reacted to.");

/** Whether a viewer sees a message's reactions: only where they can read the message itself. */
export function showsReactions(message: Parameters<typeof viewMessage>[0], viewer: Context["viewer"]): boolean {
  return viewMessage(message, viewer).visibility === "VISIBLE" && message.deletedAt === null;
}
