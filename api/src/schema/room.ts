import { Prisma } from "@chatmod/core/db";
import { requireNotBanned, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import { announceNewRoom, announceRoomChange, announceRoomListChange } from "../live/announce.ts";
import { SLOW_SUBSCRIBER_CLOSE_CODE } from "../live/close-codes.ts";
import { roomChangeStream } from "../live/room-changes.ts";
import { governing, inForceFor, lockMembership, sanctionError } from "../moderation/sanctions.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { cursorById } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { User } from "./user.ts";

// Stands in for "no viewer" in membership filters: matches no row.
const NO_USER = "00000000-0000-0000-0000-000000000000";

export const Room = builder.prismaObject("Room", {
  fields: (t) => ({
    id: t.exposeID("id"),
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    creator: t.relation("creator", { type: User }),
    lastSeq: t.exposeInt("lastSeq", {
      description: "The room's latest event sequence number: subscribe with afterSeq to resume from here.",
    }),
    memberCount: t.relationCount("memberships"),
    messageCount: t.relationCount("messages", { where: { deletedAt: null } }),
    viewerIsMember: t.boolean({
      description: "Whether the signed-in user has joined the room.",
      ...perViewer,
      select: (_args, context) => ({
        _count: { select: { memberships: { where: { userId: context.viewer?.id ?? NO_USER } } } },
      }),
      resolve: (room) => room._count.memberships > 0,
    }),
  }),
});

builder.queryFields((t) => ({
  rooms: t.prismaConnection({
    type: Room,
    ...cursorById,
    description: "Every room, newest first.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    resolve: (query, _root, _args, context) => {
      requireViewer(context);
      return context.db.room.findMany({ ...query, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    },
  }),
  room: t.prismaField({
    type: Room,
    nullable: true,
    description: "One room, by id or by slug.",
    args: { id: t.arg.id(), slug: t.arg.string() },
    resolve: (query, _root, args, context) => {
      requireViewer(context);
      if (args.id) return context.db.room.findUnique({ ...query, where: { id: valid.uuidOrNull(args.id) ?? NO_USER } });
      if (args.slug) return context.db.room.findUnique({ ...query, where: { slug: args.slug.toLowerCase() } });
      throw apiError(ErrorCode.BAD_USER_INPUT, "Give a room id or a slug.");
    },
  }),
}));

const CreateRoomInput = builder.inputType("CreateRoomInput", {
  fields: (t) => ({
    slug: t.string({ required: true, description: "Lowercase letters and digits joined by '-'." }),
    name: t.string({ required: true }),
    description: t.string(),
  }),
});

builder.mutationFields((t) => ({
  createRoom: t.prismaField({
    type: Room,
    description: "Creates a room; its creator joins it.",
    args: { input: t.arg({ type: CreateRoomInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = requireViewer(context);
      const data = {
        slug: valid.slug(input.slug),
        name: valid.boundedText("name", input.name, 1, valid.limits.roomNameMax),
        description: valid.boundedText("description", input.description ?? "", 0, valid.limits.roomDescriptionMax),
      };
      try {
        const room = await context.db.room.create({
          ...query,
          data: { ...data, creatorId: viewer.id, memberships: { create: { userId: viewer.id } } },
        });
        announceNewRoom(context, room.id);
        announceRoomListChange(context, viewer.id, room.id);
        return room;
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
          throw apiError(ErrorCode.CONFLICT, `A room with the slug "${data.slug}" exists.`, { field: "slug" });
        throw error;
      }
    },
  }),
  joinRoom: t.prismaField({
    type: Room,
    description: "Joins a room (joining twice is fine). Refused (FORBIDDEN, with reason and until) while banned.",
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      // INSERT … ON CONFLICT DO NOTHING: Prisma's upsert reads first, so two joins at once could both insert.
      changeMembership(context, args.roomId, query, (roomId, userId) =>
        // A ban keeps them out. Under the lock a ban takes too (lockMembership), so a ban and a join racing
        // each other happen one after the other: the ban then removes the membership, or the join sees the ban.
        context.db.$transaction(async (tx) => {
          await lockMembership(tx, roomId, userId);
          const ban = governing(await tx.sanction.findMany({ where: inForceFor(userId, roomId) }));
          if (ban && ban.kind !== "TIMEOUT") throw sanctionError(ban);
          // What was said before they came is not unread: their read marker starts at the room's latest.
          const { lastSeq } = await tx.room.findUniqueOrThrow({ where: { id: roomId }, select: { lastSeq: true } });
          const joined = await tx.membership.createMany({
            data: [{ roomId, userId, readSeq: lastSeq }],
            skipDuplicates: true,
          });
          return joined.count > 0;
        }),
      ),
  }),
  leaveRoom: t.prismaField({
    type: Room,
    description: "Leaves a room (leaving a room you are not in is fine).",
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (query, _root, args, context) =>
      changeMembership(context, args.roomId, query, async (roomId, userId) => {
        const left = await context.db.membership.deleteMany({ where: { roomId, userId } });
        // Its open subscriptions to the room were authorized while it was a member: they end.
        if (left.count > 0) await context.viewers.changed({ userId });
        return left.count > 0;
      }),
  }),
}));

/**
 * Joins or leaves: the room must exist; the change is idempotent (`change` says
 * whether it changed anything, and then the room's watchers hear of it);
 * answers with the room as it is now.
 */
async function changeMembership<Query extends object>(
  context: Context,
  rawRoomId: string | number,
  query: Query,
  change: (roomId: string, userId: string) => Promise<boolean>,
) {
  const viewer = requireViewer(context);
  const roomId = await existingRoomId(context, rawRoomId);
  if (await change(roomId, viewer.id)) {
    announceRoomChange(context, roomId);
    announceRoomListChange(context, viewer.id, roomId);
  }
  return context.db.room.findUniqueOrThrow({ ...query, where: { id: roomId } });
}

/** The id of the room an argument names; NOT_FOUND when it names none (a malformed id included). */
export async function existingRoomId(context: Context, rawRoomId: string | number): Promise<string> {
  const roomId = valid.uuidOrNull(rawRoomId);
  const room = roomId ? await context.db.room.findUnique({ where: { id: roomId }, select: { id: true } }) : null;
  if (!room) throw notFound("Room");
  return room.id;
}

builder.subscriptionField("roomUpdates", (t) =>
  t.field({
    type: Room,
    description:
      "The room again each time its settings or its member count change (not its message count: " +
      "roomEvents has the messages). Only changes from now on: read the room when you subscribe. Any signed-in " +
      "user but one banned from the room: its directory details are public, the rest of it members-only as anywhere.",
    args: { roomId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      requireViewer(context);
      const roomId = await existingRoomId(context, args.roomId);
      await requireNotBanned(context, roomId);
      return roomChangeStream(context.db, context.events, roomId, {
        buffer: context.env.SUBSCRIBER_BUFFER,
        onOverflow: () => context.closeSocket?.(SLOW_SUBSCRIBER_CLOSE_CODE, "Too slow: reconnect"),
      });
    },
    resolve: (room) => room,
  }),
);
