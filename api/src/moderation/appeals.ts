import type { Appeal } from "@chatmod/core/db";
import { announceNotices, noticeText } from "@chatmod/core/notices";
import { inForceWhere } from "@chatmod/core/sanctions";
import { GraphQLError } from "graphql";
import { requireViewer } from "../auth/guards.ts";
import { requireModerator } from "../auth/roles.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, forbidden, notFound } from "../errors.ts";
import { announceModerationEvent } from "../live/announce.ts";
import * as valid from "../validation.ts";
import { decide } from "./decisions.ts";
import { liftInForce } from "./sanctions.ts";

export const APPEAL_TEXT_MAX = 1_000;

/**
 * The author of a removed message, or a person under a timeout or a ban,
 * asks once for it to be reconsidered; the appeal enters the moderators' queue.
 */
export async function appeal(
  context: Context,
  input: { messageId?: string | null; sanctionId?: string | null; text: string },
): Promise<Appeal> {
  const viewer = requireViewer(context);
  const text = valid.boundedText("text", input.text, 1, APPEAL_TEXT_MAX);
  if (Boolean(input.messageId) === Boolean(input.sanctionId))
    throw apiError(ErrorCode.BAD_USER_INPUT, "Appeal either a message or a sanction.", { field: "messageId" });

  let roomId: string | null;
  if (input.messageId) {
    const id = valid.uuidOrNull(input.messageId);
    const message = id ? await context.db.message.findUnique({ where: { id } }) : null;
    if (!message || message.authorId !== viewer.id) throw notFound("Message");
    if (message.moderationStatus !== "REJECTED" || message.deletedAt)
      throw forbidden("Only a removed message can be appealed.");
    roomId = message.roomId;
  } else {
    const id = valid.uuidOrNull(input.sanctionId ?? "");
    const sanction = id ? await context.db.sanction.findUnique({ where: { id } }) : null;
    if (!sanction || sanction.userId !== viewer.id) throw notFound("Sanction");
    const inForce = await context.db.sanction.count({ where: { id: sanction.id, ...inForceWhere() } });
    if (inForce === 0) throw forbidden("This sanction is no longer in force.");
    roomId = sanction.roomId;
  }

  const created = await context.db.appeal
    .create({
      data: {
        userId: viewer.id,
        messageId: input.messageId ? valid.uuidOrNull(input.messageId) : null,
        sanctionId: input.sanctionId ? valid.uuidOrNull(input.sanctionId) : null,
        text,
      },
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002")
        throw apiError(ErrorCode.CONFLICT, "You already appealed this; a moderator will answer.");
      throw error;
    });
  announceModerationEvent(context, { kind: "APPEALED", roomId, appealId: created.id });
  return created;
}

/**
 * A moderator answers an appeal. Accepting it restores the message or lifts
 * the sanction; either way the person is told, with the moderator's note.
 */
export async function decideAppeal(
  context: Context,
  input: { appealId: string; accept: boolean; note: string },
): Promise<Appeal> {
  const moderator = requireModerator(context);
  const note = valid.boundedText("note", input.note, 0, 500);
  const appealId = valid.uuidOrNull(input.appealId);
  const current = appealId
    ? await context.db.appeal.findUnique({ where: { id: appealId }, include: { sanction: true, message: true } })
    : null;
  if (!current) throw notFound("Appeal");
  // Claimed first, so two moderators answering at once cannot both apply it.
  const { count } = await context.db.appeal.updateMany({
    where: { id: current.id, status: "OPEN" },
    data: {
      status: input.accept ? "ACCEPTED" : "DENIED",
      decidedAt: new Date(),
      deciderId: moderator.id,
      decisionNote: note,
    },
  });
  if (count === 0) throw apiError(ErrorCode.CONFLICT, "This appeal was already answered.");

  if (input.accept && current.messageId) {
    const reason = note || "Restored on appeal.";
    await decide(context, { messageIds: [current.messageId], action: "RESTORE", reason }).catch((error: unknown) => {
      // Restored meanwhile (or deleted by its author): the appeal's answer stands all the same.
      if (!(error instanceof GraphQLError && error.extensions["code"] === ErrorCode.BAD_USER_INPUT)) throw error;
    });
  }
  if (input.accept && current.sanctionId)
    await liftInForce(context, current.sanctionId, moderator.id, note || "Lifted on appeal.");

  const notice = await context.db.notice.create({
    data: {
      userId: current.userId,
      kind: "APPEAL_DECIDED",
      appealId: current.id,
      roomId: current.message?.roomId ?? current.sanction?.roomId ?? null,
      messageId: current.messageId,
      sanctionId: current.sanctionId,
      text: noticeText.appealDecided(input.accept, note),
    },
  });
  announceModerationEvent(context, {
    kind: "APPEAL_DECIDED",
    roomId: current.message?.roomId ?? current.sanction?.roomId ?? null,
    appealId: current.id,
  });
  await announceNotices(context.events, [notice]).catch((error: unknown) => {
    context.log.warn({ err: error }, "could not announce a notice");
  });
  return context.db.appeal.findUniqueOrThrow({ where: { id: current.id } });
}
