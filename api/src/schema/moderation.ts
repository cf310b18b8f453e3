import type { Prisma, User as UserRow } from "@chatmod/core/db";
import { requireAdmin, requireModerator } from "../auth/roles.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import { SLOW_SUBSCRIBER_CLOSE_CODE } from "../live/close-codes.ts";
import type { ModerationEventRecord } from "../live/moderation-stream.ts";
import { moderationEventStream } from "../live/moderation-stream.ts";
import { decide } from "../moderation/decisions.ts";
import { reportMessage } from "../moderation/reports.ts";
import { type RoomStats, roomStats } from "../moderation/stats.ts";
import * as valid from "../validation.ts";
import { Appeal } from "./appeal.ts";
import { cursorById } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { Message, ModerationStatus, ReportCategory } from "./message.ts";
import { existingRoomId } from "./room.ts";
import { Sanction } from "./sanction.ts";
import { Role, User } from "./user.ts";

const ReviewStatus = builder.enumType("ReviewStatus", {
  description: "Queues of the review screen.",
  values: {
    PENDING: { description: "Waiting for the automatic verdict, or held by pre-moderation." },
    FLAGGED: { description: "Flagged by the automatic moderator." },
    REPORTED: { description: "Reported by members and not yet reviewed." },
  } as const,
});

const ModerationAction = builder.enumType("ModerationAction", {
  values: {
    APPROVE: {
      description:
        "Pending, flagged, held or reported → approved (approving a reported message dismisses its reports).",
    },
    REJECT: { description: "Anything but rejected → rejected (hidden from everyone but its author)." },
    RESTORE: { description: "Rejected → approved." },
  } as const,
});

/** What awaits a moderator; a message its author deleted has no text left to review. */
const reviewWhere: Record<"PENDING" | "FLAGGED" | "REPORTED", Prisma.MessageWhereInput> = {
  PENDING: { moderationStatus: "PENDING", deletedAt: null },
  FLAGGED: { moderationStatus: "FLAGGED", deletedAt: null },
  REPORTED: { reports: { some: { resolvedAt: null } }, deletedAt: null },
};

const ModerationDecision = builder.prismaObject("ModerationDecision", {
  description: "One change of a message's moderation status: the audit log.",
  fields: (t) => ({
    id: t.exposeID("id"),
    fromStatus: t.field({ type: ModerationStatus, resolve: (decision) => decision.fromStatus }),
    toStatus: t.field({ type: ModerationStatus, resolve: (decision) => decision.toStatus }),
    reason: t.exposeString("reason"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    // Not a Pothos relation: a live event's audit row comes with its moderator, which the plugin
    // would query again (as Message.author explains).
    moderator: t.field({
      type: User,
      nullable: true,
      description: "Null for the automatic moderator.",
      resolve: (decision, _args, context) => {
        const loaded = (decision as { moderator?: UserRow | null }).moderator;
        if (loaded !== undefined) return loaded;
        return decision.moderatorId ? context.loadAuthor(decision.moderatorId) : null;
      },
    }),
    message: t.relation("message", { type: Message }),
  }),
});

const RoomStatsRef = builder.objectRef<RoomStats>("RoomStats").implement({
  description: "Activity and moderation figures of a room (deleted messages excluded).",
  fields: (t) => ({
    messagesTotal: t.exposeInt("messagesTotal"),
    messagesLast24h: t.exposeInt("messagesLast24h"),
    messagesLast7d: t.exposeInt("messagesLast7d"),
    pending: t.exposeInt("pending"),
    flagged: t.exposeInt("flagged"),
    rejected: t.exposeInt("rejected"),
    heldForReview: t.exposeInt("heldForReview"),
    activeUsersLast24h: t.exposeInt("activeUsersLast24h"),
    activeUsersLast7d: t.exposeInt("activeUsersLast7d"),
    sentimentPositive: t.exposeInt("sentimentPositive", {
      description: "Messages whose AFINN sentiment score is above 0.",
    }),
    sentimentNeutral: t.exposeInt("sentimentNeutral", { description: "Messages whose AFINN sentiment score is 0." }),
    sentimentNegative: t.exposeInt("sentimentNegative", {
      description: "Messages whose AFINN sentiment score is below 0.",
    }),
  }),
});

const ModerationEventKind = builder.enumType("ModerationEventKind", {
  values: {
    FLAGGED: { description: "The automatic moderator flagged or rejected a message." },
    REPORTED: { description: "A member reported a message." },
    DECISION: { description: "A moderator decided on a message." },
    QUEUED: { description: "A message waits for a moderator (pre-moderation)." },
    SANCTIONED: { description: "A person was timed out, banned or suspended (`sanction`)." },
    SANCTION_LIFTED: { description: "A sanction was lifted before its end (`sanction`)." },
    APPEALED: { description: "A person appealed a removed message or a sanction (`appeal`)." },
    APPEAL_DECIDED: { description: "A moderator answered an appeal (`appeal`)." },
  } as const,
});

const ModerationEvent = builder.objectRef<ModerationEventRecord>("ModerationEvent").implement({
  fields: (t) => ({
    kind: t.field({ type: ModerationEventKind, resolve: (event) => event.kind }),
    at: t.field({ type: "DateTime", resolve: (event) => event.at }),
    message: t.field({
      type: Message,
      nullable: true,
      description: "The message it is about; null for a sanction, and for the appeal of one.",
      resolve: (event) => event.message,
    }),
    sanction: t.field({ type: Sanction, nullable: true, resolve: (event) => event.sanction }),
    appeal: t.field({ type: Appeal, nullable: true, resolve: (event) => event.appeal }),
    moderator: t.field({
      type: User,
      nullable: true,
      description:
        "Who decided, for DECISION. Null for every other kind: flags are automatic, and reporters stay anonymous.",
      // The live path never loads the password hash, and the User type never reads it.
      resolve: (event) => (event.decision?.moderator ?? null) as UserRow | null,
    }),
    decision: t.field({
      type: ModerationDecision,
      nullable: true,
      description: "For DECISION, its audit row: from and to which status, and why. Null for every other kind.",
      resolve: (event) => event.decision,
    }),
  }),
});

builder.queryFields((t) => ({
  moderationQueue: t.prismaConnection({
    type: Message,
    ...cursorById,
    description: "Messages to review, oldest first. Moderators only.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: { status: t.arg({ type: ReviewStatus, required: true }), roomId: t.arg.id() },
    resolve: (query, _root, args, context) => {
      requireModerator(context);
      const roomId = args.roomId ? valid.uuidOrNull(args.roomId) : undefined;
      if (roomId === null) throw notFound("Room");
      return context.db.message.findMany({
        ...query,
        where: { ...reviewWhere[args.status], deletedAt: null, ...(roomId ? { roomId } : {}) },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
    },
  }),
  moderationDecisions: t.prismaConnection({
    type: "ModerationDecision",
    ...cursorById,
    description:
      "The audit log, newest first, optionally for one room or one message. The rows of one decision share " +
      "`createdAt` and come in the order its `messageIds` were given. Moderators only.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: { roomId: t.arg.id(), messageId: t.arg.id() },
    resolve: (query, _root, args, context) => {
      requireModerator(context);
      const roomId = args.roomId ? valid.uuidOrNull(args.roomId) : undefined;
      const messageId = args.messageId ? valid.uuidOrNull(args.messageId) : undefined;
      if (roomId === null || messageId === null) return [];
      return context.db.moderationDecision.findMany({
        ...query,
        where: { ...(messageId ? { messageId } : {}), ...(roomId ? { message: { roomId } } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
    },
  }),
  roomStats: t.field({
    type: RoomStatsRef,
    description: "A room's figures. Moderators only.",
    args: { roomId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      requireModerator(context);
      return roomStats(context.db, await existingRoomId(context, args.roomId));
    },
  }),
  users: t.prismaConnection({
    type: User,
    ...cursorById,
    description: "Accounts, by username; filter by a part of it. Moderators only.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: { search: t.arg.string() },
    resolve: (query, _root, args, context) => {
      requireModerator(context);
      const search = args.search?.trim();
      return context.db.user.findMany({
        ...query,
        // Prisma passes LIKE's wildcards through: "%" would match every name.
        where: search ? { username: { contains: search.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } } : {},
        orderBy: [{ username: "asc" }],
      });
    },
  }),
}));

const MessageVersion = builder.inputType("MessageVersionInput", {
  description: "The version of a message a moderator read before deciding on it.",
  fields: (t) => ({
    messageId: t.id({ required: true }),
    editedAt: t.field({
      type: "DateTime",
      description: "The message's `editedAt` as you read it: null (or left out) if it had not been edited.",
    }),
  }),
});

const ModerateInput = builder.inputType("ModerateMessagesInput", {
  fields: (t) => ({
    messageIds: t.idList({ required: true, description: "1 to 100 messages; all change or none." }),
    action: t.field({ type: ModerationAction, required: true }),
    reason: t.string({ description: "Why, for the audit log (at most 500 characters)." }),
    versions: t.field({
      type: [MessageVersion],
      description:
        "The version you read of each message in `messageIds`, one each. If one was edited since, the decision " +
        "fails with CONFLICT and changes nothing: review the new text. Optional for older clients, but without " +
        "it a decision covers whatever text the messages have when it arrives, even text nobody has checked.",
    }),
  }),
});

builder.mutationFields((t) => ({
  moderateMessages: t.field({
    type: [Message],
    description: "Approve, reject or restore messages, with a reason. Moderators only.",
    args: { input: t.arg({ type: ModerateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      decide(context, {
        messageIds: input.messageIds.map(String),
        action: input.action,
        reason: input.reason ?? "",
        versions: input.versions?.map(({ messageId, editedAt }) => ({
          messageId: String(messageId),
          editedAt: editedAt ?? null,
        })),
      }),
  }),
  reportMessage: t.field({
    type: Message,
    description:
      "Report someone else's message to the moderators, once (at most 20 reports per 10 minutes). Moderators see " +
      "who reported; members never do.",
    args: {
      messageId: t.arg.id({ required: true }),
      category: t.arg({ type: ReportCategory, defaultValue: "OTHER" }),
      reason: t.arg.string({ description: "Your own words, at most 500 characters; may be left out." }),
    },
    resolve: (_root, args, context) =>
      reportMessage(context, {
        messageId: String(args.messageId),
        category: args.category ?? "OTHER",
        reason: args.reason ?? "",
      }),
  }),
  setUserRole: t.prismaField({
    type: User,
    description: "Make a member a moderator, or a moderator a member. Admins only.",
    args: { userId: t.arg.id({ required: true }), role: t.arg({ type: Role, required: true }) },
    resolve: async (query, _root, args, context) => {
      const admin = requireAdmin(context);
      if (args.role === "ADMIN")
        throw apiError(ErrorCode.BAD_USER_INPUT, "Admins come from the deployment's configuration.");
      const userId = valid.uuidOrNull(args.userId);
      const user = userId ? await context.db.user.findUnique({ where: { id: userId } }) : null;
      if (!user) throw notFound("User");
      if (user.role === "ADMIN" || user.id === admin.id)
        throw apiError(ErrorCode.BAD_USER_INPUT, "An admin's role cannot be changed here.");
      const updated = await context.db.user.update({ ...query, where: { id: user.id }, data: { role: args.role } });
      // Their open sessions take the new role from their next request, on every replica.
      await context.viewers.changed({ userId: user.id });
      return updated;
    },
  }),
}));

builder.subscriptionField("moderationEvents", (t) =>
  t.field({
    type: ModerationEvent,
    description: "Queue changes as they happen: new flags, reports, decisions by other moderators. Moderators only.",
    subscribe: (_root, _args, context) => {
      requireModerator(context);
      return moderationEventStream(context.db, context.events, {
        buffer: context.env.SUBSCRIBER_BUFFER,
        onOverflow: () => context.closeSocket?.(SLOW_SUBSCRIBER_CLOSE_CODE, "Too slow: reconnect"),
      });
    },
    resolve: (event) => event,
  }),
);
