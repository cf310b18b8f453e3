import { isModerator, requireViewer } from "../auth/guards.ts";
import { requireModerator } from "../auth/roles.ts";
import { APPEAL_TEXT_MAX, appeal, decideAppeal } from "../moderation/appeals.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { cursorById } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { Message } from "./message.ts";
import { Sanction } from "./sanction.ts";
import { User } from "./user.ts";

const AppealStatus = builder.enumType("AppealStatus", { values: ["OPEN", "ACCEPTED", "DENIED"] as const });

export const Appeal = builder.prismaObject("Appeal", {
  description: "A request to reconsider a removed message or a sanction. Its author and moderators read it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.field({ type: AppealStatus, resolve: (row) => row.status }),
    text: t.exposeString("text"),
    user: t.relation("user", { type: User }),
    message: t.relation("message", { type: Message, nullable: true }),
    sanction: t.relation("sanction", { type: Sanction, nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    decisionNote: t.exposeString("decisionNote", { description: "The moderator's words to the person; may be empty." }),
  }),
});

builder.prismaObjectField(Message, "appeal", (t) =>
  t.relation("appeal", {
    nullable: true,
    description: "Its author's appeal against its removal, if any. The author and moderators only.",
    ...perViewer,
    resolve: (query, message, _args, context) =>
      context.viewer && (isModerator(context.viewer) || context.viewer.id === message.authorId)
        ? context.db.appeal.findUnique({ ...query, where: { messageId: message.id } })
        : null,
  }),
);

builder.queryFields((t) => ({
  appeals: t.prismaConnection({
    type: Appeal,
    ...cursorById,
    description: "Appeals, oldest first: moderators read all of a status (OPEN by default); anyone else, their own.",
    maxSize: valid.limits.pageSize,
    defaultSize: 50,
    args: { status: t.arg({ type: AppealStatus }) },
    resolve: (query, _root, args, context) => {
      const viewer = requireViewer(context);
      const status = args.status ?? (isModerator(viewer) ? "OPEN" : undefined);
      return context.db.appeal.findMany({
        ...query,
        where: { ...(status ? { status } : {}), ...(isModerator(viewer) ? {} : { userId: viewer.id }) },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
    },
  }),
}));

const AppealInput = builder.inputType("AppealInput", {
  description: "Name exactly one: a removed message of yours, or a timeout or ban of yours in force.",
  fields: (t) => ({
    messageId: t.id(),
    sanctionId: t.id(),
    text: t.string({
      required: true,
      description: `1 to ${APPEAL_TEXT_MAX} characters: why it should be reconsidered.`,
    }),
  }),
});

const DecideAppealInput = builder.inputType("DecideAppealInput", {
  fields: (t) => ({
    appealId: t.id({ required: true }),
    accept: t.boolean({ required: true, description: "Accepting restores the message or lifts the sanction." }),
    note: t.string({ description: "At most 500 characters; the person reads it." }),
  }),
});

builder.mutationFields((t) => ({
  appeal: t.field({
    type: Appeal,
    description:
      "Appeal a removed message or a sanction, once each (again is CONFLICT). It enters the moderators' queue.",
    args: { input: t.arg({ type: AppealInput, required: true }) },
    resolve: (_root, { input }, context) =>
      appeal(context, {
        messageId: input.messageId ? String(input.messageId) : null,
        sanctionId: input.sanctionId ? String(input.sanctionId) : null,
        text: input.text,
      }),
  }),
  decideAppeal: t.field({
    type: Appeal,
    description: "Accept or deny an appeal; the person is told. Moderators only.",
    args: { input: t.arg({ type: DecideAppealInput, required: true }) },
    resolve: (_root, { input }, context) => {
      requireModerator(context);
      return decideAppeal(context, { appealId: String(input.appealId), accept: input.accept, note: input.note ?? "" });
    },
  }),
}));
