import type { Report as ReportRow, User as UserRow } from "@chatmod/core/db";
import { isModerator, requireRoomAccess } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";
import { deleteMessage, editMessage, sendMessage } from "../chat/messages.ts";
import { viewMessage, visibleMessagesWhere } from "../moderation/visibility.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { cursorByRoomSeq } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { isModerationCategory, ModerationCategory, type ModerationCategoryName } from "./moderation-category.ts";
import { Room } from "./room.ts";
import { User } from "./user.ts";

export const ModerationStatus = builder.enumType("ModerationStatus", {
  values: ["PENDING", "APPROVED", "FLAGGED", "REJECTED"] as const,
});

export const MessageVisibility = builder.enumType("MessageVisibility", {
  description: "What the viewer may see of a message: all of it, a masked placeholder with a reason, or nothing.",
  values: ["VISIBLE", "MASKED", "HIDDEN"] as const,
});

type StoredDetails = {
  /** In plain words, for anyone who may read why (verdicts stored before were reworded by a migration). */
  reasons?: string[];
  evidence?: string[];
  matchedTerms?: { term: string; category: string; severity: string }[];
  sentiment?: { score: number; comparative: number; negativeWords: string[] };
  severity?: string;
  rulesVersion?: string;
  modelVersion?: string;
  /** The learned classifier's scores (verdicts stored before it have none). */
  categories?: Partial<Record<ModerationCategoryName, number>>;
};

const CategoryScore = builder
  .objectRef<{ category: ModerationCategoryName; score: number }>("CategoryScore")
  .implement({
    description: "How strongly the learned classifier reads a message as one kind of harm, from 0 to 1.",
    fields: (t) => ({
      category: t.field({ type: ModerationCategory, resolve: (reading) => reading.category }),
      score: t.exposeFloat("score"),
    }),
  });

const MatchedTerm = builder.objectRef<{ term: string; category: string; severity: string }>("MatchedTerm").implement({
  fields: (t) => ({
    term: t.exposeString("term"),
    category: t.exposeString("category"),
    severity: t.exposeString("severity"),
  }),
});

const ModerationDetails = builder.objectRef<StoredDetails>("ModerationDetails").implement({
  description: "The automatic verdict and its evidence. Only the author and moderators can read it.",
  fields: (t) => ({
    reasons: t.stringList({
      description: 'Why, in plain words ("an insult aimed at someone"); empty when approved.',
      resolve: (details) => details.reasons ?? [],
    }),
    evidence: t.stringList({
      description:
        "What the verdict rests on: the terms and phrases found, and each category over the room's threshold. " +
        "Moderators only (empty for others).",
      resolve: (details, _args, context) => (isModerator(context.viewer) ? (details.evidence ?? []) : []),
    }),
    matchedTerms: t.field({ type: [MatchedTerm], resolve: (details) => details.matchedTerms ?? [] }),
    severity: t.string({ nullable: true, resolve: (details) => details.severity ?? null }),
    sentimentScore: t.float({ nullable: true, resolve: (details) => details.sentiment?.score ?? null }),
    sentimentComparative: t.float({ nullable: true, resolve: (details) => details.sentiment?.comparative ?? null }),
    negativeWords: t.stringList({ resolve: (details) => details.sentiment?.negativeWords ?? [] }),
    rulesVersion: t.string({ nullable: true, resolve: (details) => details.rulesVersion ?? null }),
    modelVersion: t.string({
      nullable: true,
      description: "The classifier model that scored it; null for verdicts stored before the classifier.",
      resolve: (details) => details.modelVersion ?? null,
    }),
    categoryScores: t.field({
      type: [CategoryScore],
      description:
        "The learned classifier's score per category, highest first; moderators only. A room's policy sets the " +
        "scores that flag and reject (RoomPolicy.categoryThresholds). Empty for verdicts stored before it.",
      resolve: (details, _args, context) =>
        isModerator(context.viewer)
          ? Object.entries(details.categories ?? {})
              .flatMap(([category, score]) =>
                isModerationCategory(category) && typeof score === "number" ? [{ category, score }] : [],
              )
              .sort((a, b) => b.score - a.score)
          : [],
    }),
  }),
});

/** How many of a message's reports a moderator reads with it. */
const REPORTS_SHOWN = 20;

export const ReportCategory = builder.enumType("ReportCategory", {
  values: ["SPAM", "HARASSMENT", "HATE", "SEXUAL_CONTENT", "SELF_HARM", "OTHER"] as const,
});

const ReportOutcome = builder.enumType("ReportOutcome", {
  description: "How a moderator's decision settled a report.",
  values: {
    UPHELD: { description: "The message was removed." },
    DISMISSED: { description: "The message was kept." },
  } as const,
});

/** A report as moderators read it (only they ever reach one). */
export const MessageReport = builder.prismaObject("Report", {
  name: "MessageReport",
  description: "A member's report of a message. Only moderators read reports; they see who reported.",
  fields: (t) => ({
    id: t.exposeID("id"),
    category: t.field({ type: ReportCategory, resolve: (report) => report.category }),
    reason: t.exposeString("reason", { description: "The reporter's own words; may be empty." }),
    weight: t.exposeFloat("weight", {
      description: "What it counts toward the room's threshold: less when the reporter's reports were often dismissed.",
    }),
    outcome: t.field({ type: ReportOutcome, nullable: true, resolve: (report) => report.outcome }),
    reporter: t.relation("reporter", { type: User }),
    messageId: t.exposeID("messageId"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const Message = builder.prismaObject("Message", {
  description: "A chat message. What a viewer sees of it follows its moderation (see `visibility`).",
  fields: (t) => ({
    id: t.exposeID("id"),
    seq: t.exposeInt("seq", { description: "Position in the room: messages sort by it." }),
    clientId: t.string({
      nullable: true,
      description: "Null for viewers the message is hidden from: it would tie the message to its author's device.",
      resolve: (message, _args, context) => (isHidden(message, context.viewer) ? null : message.clientId),
    }),
    text: t.string({
      nullable: true,
      description: "Null once deleted, and for viewers who may not see it (masked or hidden).",
      resolve: (message, _args, context) => viewMessage(message, context.viewer).text,
    }),
    mentionedUserIds: t.idList({
      description:
        "The people the text names as @username (resolved when it was sent or last edited; its author never). " +
        "Empty for viewers who may not read the text.",
      resolve: (message, _args, context) =>
        viewMessage(message, context.viewer).text === null ? [] : message.mentionedUserIds,
    }),
    visibility: t.field({
      type: MessageVisibility,
      resolve: (message, _args, context) => viewMessage(message, context.viewer).visibility,
    }),
    moderationReason: t.string({
      nullable: true,
      description: "Why it is flagged, rejected or held. Others see only the kind of problem, never the words.",
      resolve: (message, _args, context) => viewMessage(message, context.viewer).reason,
    }),
    moderationDetails: t.field({
      type: ModerationDetails,
      nullable: true,
      resolve: (message, _args, context) =>
        viewMessage(message, context.viewer).privileged && message.moderation
          ? (message.moderation as StoredDetails)
          : null,
    }),
    heldForReview: t.exposeBoolean("heldForReview"),
    preModerated: t.exposeBoolean("preModerated", {
      description:
        "Sent while its room was pre-moderated: others see it only once a moderator approves it " +
        "(the room's mode may have changed since).",
    }),
    viewerHasReported: t.boolean({
      description: "Whether the signed-in user has reported it (a member reports a message once).",
      ...perViewer,
      select: (_args, context) =>
        context.viewer ? { _count: { select: { reports: { where: { reporterId: context.viewer.id } } } } } : {},
      resolve: (message, _args, context) =>
        context.viewer !== null && ((message as { _count?: { reports?: number } })._count?.reports ?? 0) > 0,
    }),
    reports: t.field({
      type: [MessageReport],
      nullable: true,
      description:
        "Reports not yet settled by a moderator's decision, oldest first (at most 20; reportCount has them all), " +
        "with who reported. Moderators only.",
      select: (_args, context) =>
        isModerator(context.viewer)
          ? {
              reports: {
                where: { resolvedAt: null },
                orderBy: [{ createdAt: "asc" }, { id: "asc" }],
                take: REPORTS_SHOWN,
                include: { reporter: true },
              },
            }
          : {},
      resolve: (message, _args, context) =>
        isModerator(context.viewer) ? ((message as { reports?: ReportRow[] }).reports ?? []) : null,
    }),
    reportCount: t.int({
      nullable: true,
      description: "Reports not yet settled by a moderator's decision. Moderators only.",
      resolve: (message, _args, context) => (isModerator(context.viewer) ? message.reportCount : null),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    editedAt: t.expose("editedAt", { type: "DateTime", nullable: true }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    moderatedAt: t.expose("moderatedAt", { type: "DateTime", nullable: true }),
    moderationStatus: t.field({ type: ModerationStatus, resolve: (message) => message.moderationStatus }),
    // Not a Pothos relation: for rows that did not come from a Pothos query (every live event,
    // every mutation's answer) the plugin would query the author again although it is loaded.
    author: t.field({
      type: User,
      nullable: true,
      description: "Null for viewers the message is hidden from (`visibility` HIDDEN), who may not know who wrote it.",
      resolve: (message, _args, context) => {
        if (isHidden(message, context.viewer)) return null;
        const loaded = (message as { author?: UserRow }).author;
        return loaded ?? context.loadAuthor(message.authorId);
      },
    }),
    roomId: t.exposeID("roomId"),
  }),
});

/**
 * Lists leave hidden messages out, but a live event still tells everyone that one changed (its seq
 * and id): it carries nothing of it beyond that, not even who wrote it.
 */
function isHidden(message: Parameters<typeof viewMessage>[0], viewer: Viewer | null): boolean {
  return viewMessage(message, viewer).visibility === "HIDDEN";
}

const MessageOrder = builder.enumType("MessageOrder", { values: ["NEWEST_FIRST", "OLDEST_FIRST"] as const });

builder.objectField(Room, "messages", (t) =>
  t.prismaConnection({
    type: Message,
    description: "The room's history, paginated by cursor. Members (and moderators) only.",
    ...cursorByRoomSeq,
    // Who may read it, and which hidden messages are the viewer's own.
    extensions: { ...cursorByRoomSeq.extensions, ...perViewer.extensions },
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: { order: t.arg({ type: MessageOrder, defaultValue: "NEWEST_FIRST" }) },
    resolve: async (query, room, args, context) => {
      await requireRoomAccess(context, room.id, "read");
      return context.db.message.findMany({
        ...query,
        where: { roomId: room.id, ...visibleMessagesWhere(context.viewer) },
        orderBy: { seq: args.order === "OLDEST_FIRST" ? "asc" : "desc" },
      });
    },
  }),
);

builder.prismaObjectField(Room, "messagesAfter", (t) =>
  t.prismaField({
    type: [Message],
    description: "Messages with a sequence number above `seq`, oldest first: what a client missed.",
    ...perViewer,
    args: { seq: t.arg.int({ required: true }), limit: t.arg.int({ defaultValue: 100 }) },
    resolve: async (query, room, args, context) => {
      await requireRoomAccess(context, room.id, "read");
      return context.db.message.findMany({
        ...query,
        where: { roomId: room.id, seq: { gt: args.seq }, ...visibleMessagesWhere(context.viewer) },
        orderBy: { seq: "asc" },
        take: valid.pageSize(args.limit, 100),
      });
    },
  }),
);

const SendMessageInput = builder.inputType("SendMessageInput", {
  fields: (t) => ({
    roomId: t.id({ required: true }),
    text: t.string({
      required: true,
      description: "1 to 2,000 characters after trimming; no control characters but newlines.",
    }),
    clientId: t.string({
      required: true,
      description: "Generated by the client (a UUID). Sending again with the same one returns the first message.",
    }),
    replyToId: t.id({
      description:
        "The message this one replies to: one of the same room that the sender can see, not deleted " +
        "(NOT_FOUND otherwise; BAD_USER_INPUT for a deleted one, or one of another room the sender can read).",
    }),
  }),
});

// Plain fields, not prismaField: the resolvers answer with the message and its author as stored,
// and Message has no relation the plugin would load, so mapping the selection to a Prisma query was work for nothing.
builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: Message,
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, { input }, context) =>
      sendMessage(context, {
        roomId: String(input.roomId),
        text: input.text,
        clientId: input.clientId,
        replyToId: input.replyToId == null ? null : String(input.replyToId),
      }),
  }),
  editMessage: t.field({
    type: Message,
    description: "Changes the text of your own message; it is moderated again.",
    args: { messageId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => editMessage(context, { messageId: String(args.messageId), text: args.text }),
  }),
  deleteMessage: t.field({
    type: Message,
    description: "Deletes your own message (it remains as a tombstone without text).",
    args: { messageId: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => deleteMessage(context, { messageId: String(args.messageId) }),
  }),
}));
