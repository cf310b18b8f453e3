import { requireModerator } from "../auth/roles.ts";
import { notFound } from "../errors.ts";
import { reporterWeight } from "../moderation/report-weight.ts";
import * as valid from "../validation.ts";
import { Appeal } from "./appeal.ts";
import { builder } from "./builder.ts";
import { Message, MessageReport } from "./message.ts";
import { Sanction } from "./sanction.ts";
import { User } from "./user.ts";

/** How many of each a person view lists, newest first. */
const SHOWN = 50;
const NOTE_MAX = 2_000;

const ModeratorNote = builder.prismaObject("ModeratorNote", {
  description: "A moderator's private note about a person. Moderators only; the person never sees it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    text: t.exposeString("text"),
    author: t.relation("author", { type: User }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

type Person = { userId: string };

const PersonRecord = builder.objectRef<Person>("PersonRecord").implement({
  description: `What moderation knows of one person, newest first (at most ${SHOWN} of each). Moderators only.`,
  fields: (t) => ({
    user: t.prismaField({
      type: User,
      resolve: (query, person, _args, context) =>
        context.db.user.findUniqueOrThrow({ ...query, where: { id: person.userId } }),
    }),
    moderatedMessages: t.prismaField({
      type: [Message],
      description: "Their messages that were flagged or rejected, automatically or by a moderator.",
      resolve: (query, person, _args, context) =>
        context.db.message.findMany({
          ...query,
          where: { authorId: person.userId, moderationStatus: { in: ["FLAGGED", "REJECTED"] } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
    reportsAgainst: t.prismaField({
      type: [MessageReport],
      description: "Reports of their messages.",
      resolve: (query, person, _args, context) =>
        context.db.report.findMany({
          ...query,
          where: { message: { authorId: person.userId } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
    reportsBy: t.prismaField({
      type: [MessageReport],
      description: "Reports they made.",
      resolve: (query, person, _args, context) =>
        context.db.report.findMany({
          ...query,
          where: { reporterId: person.userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
    reportWeight: t.float({
      description: "What a report of theirs counts now (1 for a new reporter; less after dismissed reports).",
      resolve: (person, _args, context) => reporterWeight(context.db, person.userId),
    }),
    sanctions: t.prismaField({
      type: [Sanction],
      description: "Sanctions past and present, in every room.",
      resolve: (query, person, _args, context) =>
        context.db.sanction.findMany({
          ...query,
          where: { userId: person.userId },
          orderBy: [{ startsAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
    appeals: t.prismaField({
      type: [Appeal],
      resolve: (query, person, _args, context) =>
        context.db.appeal.findMany({
          ...query,
          where: { userId: person.userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
    notes: t.prismaField({
      type: [ModeratorNote],
      description: "Moderators' private notes.",
      resolve: (query, person, _args, context) =>
        context.db.moderatorNote.findMany({
          ...query,
          where: { subjectId: person.userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: SHOWN,
        }),
    }),
  }),
});

builder.queryField("person", (t) =>
  t.field({
    type: PersonRecord,
    nullable: true,
    description: "One person's moderation record. Moderators only.",
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      requireModerator(context);
      const userId = valid.uuidOrNull(args.userId);
      const user = userId ? await context.db.user.findUnique({ where: { id: userId }, select: { id: true } }) : null;
      return user ? { userId: user.id } : null;
    },
  }),
);

builder.mutationField("addModeratorNote", (t) =>
  t.prismaField({
    type: ModeratorNote,
    description: `A private note about a person (1 to ${NOTE_MAX} characters). Moderators only.`,
    args: { userId: t.arg.id({ required: true }), text: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const moderator = requireModerator(context);
      const text = valid.boundedText("text", args.text, 1, NOTE_MAX);
      const userId = valid.uuidOrNull(args.userId);
      const subject = userId ? await context.db.user.findUnique({ where: { id: userId }, select: { id: true } }) : null;
      if (!subject) throw notFound("User");
      return context.db.moderatorNote.create({
        ...query,
        data: { subjectId: subject.id, authorId: moderator.id, text },
      });
    },
  }),
);
