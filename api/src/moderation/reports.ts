import { Prisma } from "@chatmod/core/db";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { appendRoomEvents } from "@chatmod/core/room-log";
import { requireRoomAccess, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomEvent } from "../live/announce.ts";
import * as valid from "../validation.ts";
import { viewMessage } from "./visibility.ts";

/**
 * A member reports someone else's message. It enters the moderators' queue; once
 * the room's threshold of distinct reporters is reached it is held (hidden from
 * other members) until a moderator decides.
 */
export async function reportMessage(
  context: Context,
  input: { messageId: string; reason: string },
): Promise<MessageWithAuthor> {
  requireViewer(context);
  const reason = valid.boundedText("reason", input.reason, 1, 500);
  const messageId = valid.uuidOrNull(input.messageId);
  const message = messageId ? await context.db.message.findUnique({ where: { id: messageId } }) : null;
  if (!message) throw notFound("Message");
  const viewer = await requireRoomAccess(context, message.roomId, "post");
  // Reporting what you cannot see would confirm that it exists.
  if (viewMessage(message, viewer).visibility === "HIDDEN" || message.deletedAt) throw notFound("Message");
  if (message.authorId === viewer.id) throw forbidden("You cannot report your own message.");

  const outcome = await context.db
    .$transaction(async (tx) => {
      await tx.report.create({ data: { messageId: message.id, reporterId: viewer.id, reason } });
      const counted = await tx.message.update({
        where: { id: message.id },
        data: { reportCount: { increment: 1 } },
        select: {
          reportCount: true,
          heldForReview: true,
          moderationStatus: true,
          room: { select: { reportThreshold: true } },
        },
      });
      const hold =
        !counted.heldForReview &&
        counted.moderationStatus !== "REJECTED" &&
        counted.reportCount >= counted.room.reportThreshold;
      if (!hold) return { seq: null };
      await tx.message.update({ where: { id: message.id }, data: { heldForReview: true } });
      const [event] = await appendRoomEvents(tx, [
        { roomId: message.roomId, kind: "MESSAGE_MODERATED", messageId: message.id },
      ]);
      return { seq: event?.seq ?? null };
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
        throw apiError(ErrorCode.CONFLICT, "You already reported this message.");
      throw error;
    });

  if (outcome.seq !== null)
    announceRoomEvent(context, {
      roomId: message.roomId,
      seq: outcome.seq,
      kind: "MESSAGE_MODERATED",
      messageId: message.id,
    });
  announceModerationEvent(context, { roomId: message.roomId, messageId: message.id, kind: "REPORTED" });
  return context.db.message.findUniqueOrThrow({ where: { id: message.id }, include: { author: true } });
}
