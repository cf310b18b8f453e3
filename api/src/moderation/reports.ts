import { Prisma, type ReportCategory } from "@chatmod/core/db";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { appendRoomEvents } from "@chatmod/core/room-log";
import { requireRoomAccess, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomEvent } from "../live/announce.ts";
import * as valid from "../validation.ts";
import { reporterWeight } from "./report-weight.ts";
import { viewMessage } from "./visibility.ts";

/** Reports per member: enough for a bad evening, not enough to flood the moderators. */
const REPORT_LIMIT = { name: "report", limit: 20, windowMs: 10 * 60_000 };

/**
 * A member reports someone else's message, with a category and maybe words of
 * their own. It enters the moderators' queue; once the reports' weights (see
 * report-weight.ts) reach the room's threshold it is held (hidden from other
 * members) until a moderator decides. A timed-out member cannot report there.
 */
export async function reportMessage(
  context: Context,
  input: { messageId: string; category: ReportCategory; reason: string },
): Promise<MessageWithAuthor> {
  const reporter = requireViewer(context);
  const reason = valid.boundedText("reason", input.reason, 0, 500);
  const messageId = valid.uuidOrNull(input.messageId);
  const message = messageId ? await context.db.message.findUnique({ where: { id: messageId } }) : null;
  if (!message) throw notFound("Message");
  const viewer = await requireRoomAccess(context, message.roomId, "post");
  // Reporting what you cannot see would confirm that it exists.
  if (viewMessage(message, viewer).visibility === "HIDDEN" || message.deletedAt) throw notFound("Message");
  if (message.authorId === viewer.id) throw forbidden("You cannot report your own message.");
  await context.rateLimiter.hit(REPORT_LIMIT, reporter.id);
  const weight = await reporterWeight(context.db, viewer.id);

  const outcome = await context.db
    .$transaction(async (tx) => {
      await tx.report.create({
        data: { messageId: message.id, reporterId: viewer.id, category: input.category, reason, weight },
      });
      const counted = await tx.message.update({
        where: { id: message.id },
        data: { reportCount: { increment: 1 }, reportWeight: { increment: weight } },
        select: {
          reportWeight: true,
          heldForReview: true,
          moderationStatus: true,
          room: { select: { reportThreshold: true } },
        },
      });
      // A float sum: 0.2 five times is 0.9999999999999999, which must count as 1.
      const hold =
        !counted.heldForReview &&
        counted.moderationStatus !== "REJECTED" &&
        counted.reportWeight + 1e-9 >= counted.room.reportThreshold;
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
