import type { Prisma, Sanction, SanctionKind } from "@chatmod/core/db";
import { announceNotices, noticeText } from "@chatmod/core/notices";
import { inForceWhere, sanctionWords, TIMEOUT_MINUTES } from "@chatmod/core/sanctions";
import { requireAdmin, requireModerator } from "../auth/roles.ts";
import type { Context } from "../context.ts";
import { apiError, badInput, ErrorCode, notFound } from "../errors.ts";
import { announceModerationEvent, announceRoomChange, announceRoomListChange } from "../live/announce.ts";
import * as valid from "../validation.ts";

/** A ban or a suspension lasts at most ten years when it has an end at all. */
const LONGEST_MINUTES = 10 * 365 * 24 * 60;

/** Strongest first: what a person meets when several sanctions are in force. */
const strength: Record<SanctionKind, number> = { SUSPENSION: 3, BAN: 2, TIMEOUT: 1 };

/** The sanction that governs: the strongest kind, and of those the one that ends last (no end is last). */
export function governing<S extends Pick<Sanction, "kind" | "endsAt">>(sanctions: readonly S[]): S | null {
  const ends = (sanction: S) => sanction.endsAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...sanctions].sort((a, b) => strength[b.kind] - strength[a.kind] || ends(b) - ends(a))[0] ?? null;
}

/** The sanctions in force on a person in a room (or service-wide), as a Prisma filter. */
export function inForceFor(userId: string, roomId: string) {
  return { userId, AND: [inForceWhere(), { OR: [{ roomId }, { kind: "SUSPENSION" as const }] }] };
}

/**
 * The error for an action a sanction forbids: FORBIDDEN, with the sanction's
 * kind, reason and end in `extensions`, so any client can show why and until when.
 */
export function sanctionError(sanction: Pick<Sanction, "kind" | "reason" | "endsAt">) {
  const until = sanction.endsAt ? ` until ${sanction.endsAt.toISOString()}` : "";
  const state = sanctionWords[sanction.kind].state;
  const message =
    sanction.kind === "SUSPENSION"
      ? `Your account is suspended${until}: ${sanction.reason}`
      : `You are ${state} in this room${until}: ${sanction.reason}`;
  return apiError(ErrorCode.FORBIDDEN, message, {
    sanction: sanction.kind,
    reason: sanction.reason,
    until: sanction.endsAt?.toISOString() ?? null,
  });
}

/**
 * Orders a ban and a join of the same person and room: each takes this lock
 * first (a transaction-scoped advisory lock), so the later one sees the other's
 * commit: a join sees the ban, or the ban removes the membership just made.
 */
export async function lockMembership(tx: Prisma.TransactionClient, roomId: string, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`membership:${roomId}:${userId}`}))`;
}

export type SanctionInput = {
  kind: SanctionKind;
  userId: string;
  roomId: string | null;
  reason: string;
  /** Minutes from now; null for no end (not for a timeout). */
  minutes: number | null;
};

/**
 * A moderator times out or bans a member in a room; an admin suspends an
 * account. One transaction stores the sanction (its own audit row), replaces a
 * sanction of the same kind in force there, removes a banned member from the
 * room, ends a suspended account's sessions, and writes the person's notice;
 * then every replica hears of it: a ban or a suspension closes the person's
 * sockets (4504 and 4403), so their subscriptions end at once.
 */
export async function imposeSanction(context: Context, input: SanctionInput): Promise<Sanction> {
  const actor = input.kind === "SUSPENSION" ? requireAdmin(context) : requireModerator(context);
  const reason = valid.boundedText("reason", input.reason, 1, 500);
  const minutes = checkDuration(input.kind, input.minutes);
  const userId = valid.uuidOrNull(input.userId);
  const target = userId ? await context.db.user.findUnique({ where: { id: userId } }) : null;
  if (!target) throw notFound("User");
  if (target.id === actor.id) throw badInput("userId", "You cannot sanction yourself.");
  if (input.kind === "SUSPENSION" ? target.role === "ADMIN" : target.role !== "MEMBER")
    throw badInput(
      "userId",
      input.kind === "SUSPENSION"
        ? "An admin cannot be suspended."
        : "Moderators read and post everywhere: change their role first.",
    );
  const room = input.kind === "SUSPENSION" ? null : await roomOf(context, input.roomId);

  const now = new Date();
  const endsAt = minutes === null ? null : new Date(now.getTime() + minutes * 60_000);
  const { sanction, notice } = await context.db.$transaction(async (tx) => {
    await tx.sanction.updateMany({
      where: { userId: target.id, kind: input.kind, roomId: room?.id ?? null, ...inForceWhere(now) },
      data: { liftedAt: now, liftedById: actor.id, liftReason: `Replaced by a new ${sanctionWords[input.kind].noun}.` },
    });
    const sanction = await tx.sanction.create({
      data: {
        kind: input.kind,
        userId: target.id,
        roomId: room?.id ?? null,
        actorId: actor.id,
        reason,
        startsAt: now,
        endsAt,
      },
    });
    if (input.kind === "BAN") {
      await lockMembership(tx, room!.id, target.id);
      await tx.membership.deleteMany({ where: { roomId: room!.id, userId: target.id } });
    }
    if (input.kind === "SUSPENSION")
      await tx.session.updateMany({ where: { userId: target.id, revokedAt: null }, data: { revokedAt: now } });
    const notice = await tx.notice.create({
      data: {
        userId: target.id,
        kind: "SANCTIONED",
        roomId: room?.id ?? null,
        sanctionId: sanction.id,
        text: noticeText.sanctioned(input.kind, room?.slug ?? null, endsAt, reason),
      },
    });
    return { sanction, notice };
  });

  if (input.kind === "BAN") {
    await context.viewers.changed({ userId: target.id });
    announceRoomChange(context, room!.id);
    announceRoomListChange(context, target.id, room!.id);
  }
  if (input.kind === "SUSPENSION") await context.viewers.changed({ userId: target.id, signedOut: true });
  announceSanction(context, "SANCTIONED", sanction);
  await announceNotices(context.events, [notice]).catch((error: unknown) => {
    context.log.warn({ err: error }, "could not announce a notice");
  });
  return sanction;
}

/** A moderator (an admin, for a suspension) lifts a sanction before its end; lifting twice changes nothing. */
export async function liftSanction(context: Context, input: { sanctionId: string; reason: string }): Promise<Sanction> {
  const moderator = requireModerator(context);
  const reason = valid.boundedText("reason", input.reason, 0, 500);
  const sanctionId = valid.uuidOrNull(input.sanctionId);
  const current = sanctionId ? await context.db.sanction.findUnique({ where: { id: sanctionId } }) : null;
  if (!current) throw notFound("Sanction");
  if (current.kind === "SUSPENSION") requireAdmin(context);
  const lifted = await liftInForce(context, current.id, moderator.id, reason);
  return lifted ?? current;
}

/** Lifts a sanction still in force, with its notice and live events; null when it was not in force. */
export async function liftInForce(
  context: Context,
  sanctionId: string,
  moderatorId: string,
  reason: string,
): Promise<Sanction | null> {
  const now = new Date();
  const lifted = await context.db.$transaction(async (tx) => {
    const { count } = await tx.sanction.updateMany({
      where: { id: sanctionId, ...inForceWhere(now) },
      data: { liftedAt: now, liftedById: moderatorId, liftReason: reason },
    });
    if (count === 0) return null;
    const sanction = await tx.sanction.findUniqueOrThrow({ where: { id: sanctionId }, include: { room: true } });
    const notice = await tx.notice.create({
      data: {
        userId: sanction.userId,
        kind: "SANCTION_LIFTED",
        roomId: sanction.roomId,
        sanctionId,
        text: noticeText.lifted(sanction.kind, sanction.room?.slug ?? null),
      },
    });
    return { sanction, notice };
  });
  if (!lifted) return null;
  announceSanction(context, "SANCTION_LIFTED", lifted.sanction);
  await announceNotices(context.events, [lifted.notice]).catch((error: unknown) => {
    context.log.warn({ err: error }, "could not announce a notice");
  });
  const { room: _room, ...sanction } = lifted.sanction;
  return sanction;
}

function announceSanction(context: Context, kind: "SANCTIONED" | "SANCTION_LIFTED", sanction: Sanction): void {
  announceModerationEvent(context, { kind, roomId: sanction.roomId, sanctionId: sanction.id });
}

/** A timeout needs an end within its limits; a ban or a suspension may have none. */
function checkDuration(kind: SanctionKind, minutes: number | null): number | null {
  if (minutes === null) {
    if (kind === "TIMEOUT") throw badInput("minutes", "A timeout needs a duration.");
    return null;
  }
  const [min, max] = kind === "TIMEOUT" ? [TIMEOUT_MINUTES.min, TIMEOUT_MINUTES.max] : [1, LONGEST_MINUTES];
  if (!Number.isInteger(minutes) || minutes < min || minutes > max)
    throw badInput(
      "minutes",
      kind === "TIMEOUT"
        ? `A timeout lasts ${min} minute to ${max / 1440} days (${max} minutes).`
        : `A ${sanctionWords[kind].noun} lasts 1 minute to 10 years, or leave minutes out for no end.`,
    );
  return minutes;
}

async function roomOf(context: Context, rawRoomId: string | null) {
  const roomId = rawRoomId ? valid.uuidOrNull(rawRoomId) : null;
  if (!rawRoomId) throw apiError(ErrorCode.BAD_USER_INPUT, "A timeout or a ban needs a room.", { field: "roomId" });
  const room = roomId ? await context.db.room.findUnique({ where: { id: roomId } }) : null;
  if (!room) throw notFound("Room");
  return room;
}
