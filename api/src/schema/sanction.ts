import type { Sanction as SanctionRow } from "@chatmod/core/db";
import { inForceWhere } from "@chatmod/core/sanctions";
import { isModerator, requireViewer } from "../auth/guards.ts";
import { requireModerator } from "../auth/roles.ts";
import type { Viewer } from "../auth/sessions.ts";
import { governing, imposeSanction, inForceFor, liftSanction } from "../moderation/sanctions.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { cursorById } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { Message } from "./message.ts";
import { Room } from "./room.ts";
import { User } from "./user.ts";

export const SanctionKind = builder.enumType("SanctionKind", {
  values: {
    TIMEOUT: { description: "Muted in one room: reads, but cannot send, edit, react or report there." },
    BAN: { description: "Removed from one room: cannot read it, rejoin it or subscribe to it." },
    SUSPENSION: { description: "The whole account: signed out everywhere; sign-in is refused." },
  } as const,
});

/** Who may read a sanction: moderators, and the person it concerns. */
const mayRead = (sanction: SanctionRow, viewer: Viewer | null) =>
  viewer !== null && (isModerator(viewer) || viewer.id === sanction.userId);

export const Sanction = builder.prismaObject("Sanction", {
  description:
    "An action on a person, and its audit row. In force from startsAt until endsAt (null: no end), unless lifted.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: SanctionKind, resolve: (sanction) => sanction.kind }),
    user: t.relation("user", { type: User }),
    room: t.relation("room", { type: Room, nullable: true, description: "Null for a suspension." }),
    reason: t.exposeString("reason"),
    isAutomatic: t.boolean({
      description: "Set by the room's automatic escalation rather than by a moderator.",
      resolve: (sanction) => sanction.actorId === null,
    }),
    actor: t.relation("actor", {
      type: User,
      nullable: true,
      description: "The moderator who set it; null when automatic, and for anyone but moderators.",
      // Relation selections load it for everyone; only moderators read it.
      resolve: (query, sanction, _args, context) =>
        isModerator(context.viewer) && sanction.actorId
          ? context.db.user.findUnique({ ...query, where: { id: sanction.actorId } })
          : null,
    }),
    rule: t.exposeString("rule", {
      nullable: true,
      description: "For an automatic sanction, the room's escalation rule that set it, in words.",
    }),
    triggeringMessages: t.field({
      type: [Message],
      description: "For an automatic sanction, the messages that set it off. Moderators only (empty for others).",
      resolve: (sanction, _args, context) =>
        isModerator(context.viewer) && sanction.messageIds.length > 0
          ? context.db.message.findMany({
              where: { id: { in: sanction.messageIds } },
              include: { author: true },
              orderBy: { seq: "asc" },
            })
          : [],
    }),
    startsAt: t.expose("startsAt", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime", nullable: true }),
    liftedAt: t.expose("liftedAt", { type: "DateTime", nullable: true }),
    liftReason: t.exposeString("liftReason", { nullable: true }),
    inForce: t.boolean({
      description: "Not lifted, and not ended yet.",
      resolve: (sanction) =>
        sanction.liftedAt === null && (sanction.endsAt === null || sanction.endsAt.getTime() > Date.now()),
    }),
  }),
});

builder.objectField(Room, "viewerSanction", (t) =>
  t.field({
    type: Sanction,
    nullable: true,
    description:
      "The timeout or ban in force on the signed-in user in this room, if any: what the app shows, with its end.",
    ...perViewer,
    resolve: async (room, _args, context) => {
      if (!context.viewer || isModerator(context.viewer)) return null;
      return governing(await context.db.sanction.findMany({ where: inForceFor(context.viewer.id, room.id) }));
    },
  }),
);

const SanctionsFilter = {
  roomId: "The room's timeouts and bans.",
  userId: "One person's sanctions (in every room, and suspensions).",
};

builder.queryFields((t) => ({
  sanctions: t.prismaConnection({
    type: Sanction,
    ...cursorById,
    description:
      "Sanctions, newest first: moderators read all; anyone else reads only their own. Filter by room, person, " +
      "and whether in force.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: {
      roomId: t.arg.id({ description: SanctionsFilter.roomId }),
      userId: t.arg.id({ description: SanctionsFilter.userId }),
      inForce: t.arg.boolean({ description: "Only those in force now (true), or only those over (false)." }),
    },
    resolve: (query, _root, args, context) => {
      const viewer = requireViewer(context);
      const roomId = args.roomId ? valid.uuidOrNull(args.roomId) : undefined;
      const userId = args.userId ? valid.uuidOrNull(args.userId) : undefined;
      if (roomId === null || userId === null) return [];
      const now = new Date();
      const over = { OR: [{ liftedAt: { not: null } }, { endsAt: { lte: now } }] };
      return context.db.sanction.findMany({
        ...query,
        where: {
          ...(roomId ? { roomId } : {}),
          // Members read their own: whatever userId they ask for.
          ...(isModerator(viewer) ? (userId ? { userId } : {}) : { userId: viewer.id }),
          ...(args.inForce === true ? inForceWhere(now) : args.inForce === false ? over : {}),
        },
        orderBy: [{ startsAt: "desc" }, { id: "desc" }],
      });
    },
  }),
  sanction: t.prismaField({
    type: Sanction,
    nullable: true,
    description: "One sanction: moderators, and the person it concerns.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      requireViewer(context);
      const id = valid.uuidOrNull(args.id);
      const sanction = id ? await context.db.sanction.findUnique({ ...query, where: { id } }) : null;
      return sanction && mayRead(sanction, context.viewer) ? sanction : null;
    },
  }),
}));

const RoomSanctionInput = (name: string, minutes: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      roomId: t.id({ required: true }),
      userId: t.id({ required: true }),
      minutes: t.int({ required: name === "TimeoutInput", description: minutes }),
      reason: t.string({ required: true, description: "1 to 500 characters; the person reads it." }),
    }),
  });

const TimeoutInput = RoomSanctionInput("TimeoutInput", "1 to 40,320 (28 days).");
const BanInput = RoomSanctionInput("BanInput", "1 minute to 10 years; leave it out for a ban with no end.");
const SuspendInput = builder.inputType("SuspendInput", {
  fields: (t) => ({
    userId: t.id({ required: true }),
    minutes: t.int({ description: "1 minute to 10 years; leave it out for no end." }),
    reason: t.string({ required: true, description: "1 to 500 characters; shown when they try to sign in." }),
  }),
});

// Plain fields: the resolvers answer with the row as stored (see sendMessage).
builder.mutationFields((t) => ({
  timeOutMember: t.field({
    type: Sanction,
    description:
      "Mutes a member in a room for a while: they read, but cannot send, edit, react or report there. A new " +
      "timeout replaces the one in force. Moderators only.",
    args: { input: t.arg({ type: TimeoutInput, required: true }) },
    resolve: (_root, { input }, context) =>
      imposeSanction(context, {
        kind: "TIMEOUT",
        userId: String(input.userId),
        roomId: String(input.roomId),
        minutes: input.minutes ?? null,
        reason: input.reason,
      }),
  }),
  banMember: t.field({
    type: Sanction,
    description:
      "Removes a member from a room and keeps them out; their open subscriptions to it end at once (close code " +
      "4504, after which resubscribing is refused). Moderators only.",
    args: { input: t.arg({ type: BanInput, required: true }) },
    resolve: (_root, { input }, context) =>
      imposeSanction(context, {
        kind: "BAN",
        userId: String(input.userId),
        roomId: String(input.roomId),
        minutes: input.minutes ?? null,
        reason: input.reason,
      }),
  }),
  suspendAccount: t.field({
    type: Sanction,
    description:
      "Suspends an account: its sessions end at once (sockets close with 4403) and sign-in is refused with the " +
      "reason and the end. Admins only.",
    args: { input: t.arg({ type: SuspendInput, required: true }) },
    resolve: (_root, { input }, context) =>
      imposeSanction(context, {
        kind: "SUSPENSION",
        userId: String(input.userId),
        roomId: null,
        minutes: input.minutes ?? null,
        reason: input.reason,
      }),
  }),
  liftSanction: t.field({
    type: Sanction,
    description:
      "Ends a sanction before its time, automatic ones included; lifting one no longer in force changes nothing. " +
      "Moderators (admins for a suspension).",
    args: {
      sanctionId: t.arg.id({ required: true }),
      reason: t.arg.string({ description: "At most 500 characters." }),
    },
    resolve: async (_root, args, context) => {
      requireModerator(context);
      return liftSanction(context, { sanctionId: String(args.sanctionId), reason: args.reason ?? "" });
    },
  }),
}));
