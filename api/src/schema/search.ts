import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { encodeBase64, encodeCursorChunk } from "@pothos/core";
import { requireRoomAccess } from "../auth/guards.ts";
import {
  type Fragment,
  fragments,
  type SearchAfter,
  searchLimits,
  searchQuery,
  searchStatement,
} from "../chat/search.ts";
import { apiError, ErrorCode } from "../errors.ts";
import { viewMessage, visibleMessagesWhere } from "../moderation/visibility.ts";
import { perViewer } from "../server/shared-execution.ts";
import { builder } from "./builder.ts";
import { Message } from "./message.ts";
import { Room } from "./room.ts";

type Hit = { message: MessageWithAuthor; rank: number; fragments: Fragment[] };

const TextFragment = builder.objectRef<Fragment>("TextFragment").implement({
  description: "A piece of a search hit's excerpt: plain text, marked when it is a word the search matched.",
  fields: (t) => ({
    text: t.exposeString("text"),
    matched: t.exposeBoolean("matched"),
  }),
});

const SearchHit = builder.objectRef<Hit>("SearchHit").implement({
  description: "A message that matches a room search, with the words that matched marked in an excerpt.",
  fields: (t) => ({
    message: t.field({ type: Message, resolve: (hit) => hit.message }),
    rank: t.exposeFloat("rank", { description: "ts_rank of the match: higher is better." }),
    excerpt: t.field({
      type: [TextFragment],
      description:
        "The passage of the text around the best match (12 to 30 words), in order. Plain text: show the " +
        "matched fragments marked (e.g. <mark>), and never read any of it as HTML.",
      resolve: (hit) => hit.fragments,
    }),
  }),
});

/** The cursor of a hit: its rank and seq, encoded as the other connections' cursors are (checked alike). */
const cursorOf = (rank: number, seq: number) => encodeBase64(`GPC:${encodeCursorChunk([rank, seq])}`);

function decodeAfter(raw: string | null | undefined): SearchAfter | null {
  if (!raw) return null;
  // argument-checks.ts has checked its shape (cursorParts) before this runs.
  const [rank, seq] = JSON.parse(Buffer.from(raw, "base64").toString("utf8").slice("GPC:J:".length)) as number[];
  return { rank: rank!, seq: seq! };
}

builder.objectField(Room, "search", (t) =>
  t.connection({
    type: SearchHit,
    description:
      'The room\'s messages matching `query` (words; "a phrase"; -word to leave out; or), best match first, ' +
      "ties newest first. Members (and moderators) only; only messages the viewer may read are searched " +
      "(never deleted ones, nor, for members, hidden or masked ones of others). `query`: 1 to 200 characters " +
      "(BAD_USER_INPUT otherwise); `first`: 1 to 50, 20 by default.",
    // Which hidden and masked messages are the viewer's own: the answer is theirs alone.
    extensions: { cursorParts: ["rank", "seq"], ...perViewer.extensions },
    args: { query: t.arg.string({ required: true }) },
    resolve: async (room, args, context) => {
      const query = searchQuery(args.query);
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > searchLimits.pageSize)
        throw apiError(ErrorCode.BAD_USER_INPUT, `first must be 1 to ${searchLimits.pageSize}.`, { field: "first" });
      if (args.last != null || args.before != null)
        throw apiError(ErrorCode.BAD_USER_INPUT, "Search pages go forward only: use first and after.");
      await requireRoomAccess(context, room.id, "read");
      const statement = searchStatement(room.id, query, context.viewer, decodeAfter(args.after), first + 1);
      const found =
        await context.db.$queryRaw<{ id: string; seq: number; rank: number; headline: string }[]>(statement);
      const page = found.slice(0, first);
      // The rows the hits show, read as every other list reads them (the same visibility rule, again).
      const messages = await context.db.message.findMany({
        where: { id: { in: page.map((row) => row.id) }, ...visibleMessagesWhere(context.viewer) },
        include: { author: true },
      });
      const byId = new Map(messages.map((message) => [message.id, message]));
      const edges = page.flatMap((row) => {
        const message = byId.get(row.id);
        if (!message || viewMessage(message, context.viewer).text === null) return [];
        return [
          {
            cursor: cursorOf(row.rank, row.seq),
            node: { message, rank: row.rank, fragments: fragments(row.headline) },
          },
        ];
      });
      const last = page.at(-1);
      return {
        edges,
        pageInfo: {
          hasNextPage: found.length > first,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: last ? cursorOf(last.rank, last.seq) : null,
        },
      };
    },
  }),
);
