import type { Notice as NoticeRow } from "@chatmod/core/db";
import type { PersonFact } from "@chatmod/core/topics";
import { requireViewer } from "../auth/guards.ts";
import { badInput } from "../errors.ts";
import { SLOW_SUBSCRIBER_CLOSE_CODE } from "../live/close-codes.ts";
import { factStream } from "../live/fact-stream.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { cursorById } from "./argument-checks.ts";
import { builder } from "./builder.ts";
import { Room } from "./room.ts";
import { Sanction } from "./sanction.ts";

const NoticeKind = builder.enumType("NoticeKind", {
  values: {
    MESSAGE_REMOVED: { description: "A message of yours was removed (rejected)." },
    SANCTIONED: { description: "You were timed out or banned in a room." },
    SANCTION_LIFTED: { description: "A timeout or ban of yours was lifted before its end." },
    APPEAL_DECIDED: { description: "A moderator answered your appeal." },
  } as const,
});

export const Notice = builder.prismaObject("Notice", {
  description: "What moderation did to you, in words. Only you read your notices.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: NoticeKind, resolve: (notice) => notice.kind }),
    text: t.exposeString("text", { description: 'For example "Your message in #general was removed: spam."' }),
    // Its room's fields include the viewer's own (viewerSanction, viewerIsMember).
    room: t.relation("room", { type: Room, nullable: true, ...perViewer }),
    messageId: t.exposeID("messageId", { nullable: true }),
    sanction: t.relation("sanction", { type: Sanction, nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
  }),
});

builder.queryFields((t) => ({
  notices: t.prismaConnection({
    type: Notice,
    ...cursorById,
    description: "Your notices, newest first.",
    maxSize: valid.limits.pageSize,
    defaultSize: 20,
    args: { unreadOnly: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, args, context) => {
      const viewer = requireViewer(context);
      return context.db.notice.findMany({
        ...query,
        where: { userId: viewer.id, ...(args.unreadOnly ? { readAt: null } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
    },
  }),
  unreadNoticeCount: t.int({
    resolve: (_root, _args, context) =>
      context.db.notice.count({ where: { userId: requireViewer(context).id, readAt: null } }),
  }),
}));

builder.mutationField("markNoticesRead", (t) =>
  t.int({
    description: "Marks your notices read: those named, or all of them. Answers how many changed.",
    args: { ids: t.arg.idList({ description: "At most 100; leave out for all." }) },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context);
      const ids = args.ids?.map((id) => valid.uuidOrNull(id)).filter((id): id is string => id !== null);
      if (ids && ids.length > valid.limits.pageSize)
        throw badInput("ids", `Mark at most ${valid.limits.pageSize} notices at once, or leave ids out for all.`);
      const { count } = await context.db.notice.updateMany({
        where: { userId: viewer.id, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
        data: { readAt: new Date() },
      });
      return count;
    },
  }),
);

builder.subscriptionField("notices", (t) =>
  t.field({
    type: Notice,
    description:
      "Your new notices as they are written, on any replica. Only from now on: read `notices` when you subscribe.",
    subscribe: (_root, _args, context) => {
      const viewer = requireViewer(context);
      return factStream<PersonFact, NoticeRow>(
        (listener) => context.events.listen("person", viewer.id, listener),
        async ({ noticeId }) => {
          const id = valid.uuidOrNull(noticeId);
          return id ? context.db.notice.findFirst({ where: { id, userId: viewer.id } }) : null;
        },
        {
          buffer: context.env.SUBSCRIBER_BUFFER,
          onOverflow: () => context.closeSocket?.(SLOW_SUBSCRIBER_CLOSE_CODE, "Too slow: reconnect"),
        },
      );
    },
    resolve: (notice) => notice,
  }),
);
