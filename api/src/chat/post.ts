import { randomUUID } from "node:crypto";
import { type Message, Prisma } from "@chatmod/core/db";
import { type GroupCommit, groupCommit, type Settled } from "@chatmod/core/group-commit";
import { type AuthorJson, authorFromJson, authorJson, type MessageWithAuthor } from "@chatmod/core/message-json";
import { insertRoomEvents, numberRoomEvents } from "@chatmod/core/room-log";
import { inForceSql } from "@chatmod/core/sanctions";
import { type Queryable, rows, sql, violatesUnique } from "@chatmod/core/sql";
import type { Span, Tracing } from "@chatmod/core/tracing";
import { mentionedKeys } from "./mentions.ts";

/** `replyToId`: checked by the caller (chat/replies.ts); absent or null for a message that replies to none. */
export type NewMessage = {
  roomId: string;
  authorId: string;
  clientId: string;
  text: string;
  replyToId?: string | null;
};
export type Posted = MessageWithAuthor & { owedAt: Date };
/** What posting can answer instead of a message. */
export type NotPosted = "not-allowed" | "duplicate";
export type PostResult = Posted | NotPosted;

/**
 * Stores new messages; concurrent calls are stored together (see createMessagePoster).
 * `parent`: the operation's span, when tracing is on (see commitSpans).
 */
export type MessagePoster = (message: NewMessage, parent?: Span) => Promise<PostResult>;

type Submitted = NewMessage & { parent?: Span | undefined };

type Row = Message & { owedAt: Date; author: AuthorJson };

/**
 * Group commit for sends, one lane per room: a message is stored at once when
 * its room is not already storing others; while it is, the messages that arrive
 * meanwhile are stored together in the next statement. So a busy room costs one
 * statement and one commit per batch instead of per message, and a quiet one
 * waits for nothing. One statement at a time per room (they would queue on the
 * room's row lock anyway) also means they finish in sequence order, so this
 * replica publishes a room's events in order and no replica reads them back to
 * fill a hole. Rooms do not wait for each other.
 */
export function createMessagePoster(
  db: Queryable,
  {
    maxBatch = 200,
    onBatch,
    tracing = null,
  }: { maxBatch?: number; onBatch?: (size: number) => void; tracing?: Tracing | null } = {},
): MessagePoster {
  const lanes = new Map<string, { batches: GroupCommit<Submitted, PostResult>; pending: number }>();
  const laneFor = (roomId: string) => {
    let lane = lanes.get(roomId);
    if (!lane) {
      const batches = groupCommit<Submitted, PostResult>(
        async (messages): Promise<Settled<PostResult>[]> => {
          const spans = tracing ? commitSpans(tracing, roomId, messages) : undefined;
          try {
            const posted = await postInRoom(db, roomId, messages);
            spans?.forEach((span, index) => {
              const result = posted[index];
              if (typeof result === "object") span?.setAttribute("chatmod.message.id", result.id);
              else span?.setAttribute("chatmod.send.refused", result ?? "");
            });
            return posted.map((value) => ({ ok: true, value }));
          } catch (error) {
            for (const span of spans ?? []) if (span) tracing?.fail(span, error);
            throw error;
          } finally {
            for (const span of spans ?? []) span?.end();
          }
        },
        { maxBatch, maxInFlight: 1, ...(onBatch ? { onFlush: onBatch } : {}) },
      );
      lane = { batches, pending: 0 };
      lanes.set(roomId, lane);
    }
    return lane;
  };
  return async (message, parent) => {
    const lane = laneFor(message.roomId);
    lane.pending++;
    try {
      return await lane.batches.submit(parent ? { ...message, parent } : message);
    } finally {
      // A room with nothing on its way keeps no lane.
      if (--lane.pending === 0) lanes.delete(message.roomId);
    }
  };
}

/**
 * The commit's spans: one per traced message, in that message's own trace (a child of its
 * operation's span), so each send's trace shows the statement that stored it. The messages of one
 * statement share its timing; `db.operation.batch.size` says how many it stored, and each span
 * links to the batch's first traced one, so a trace leads to the sends committed with it.
 */
function commitSpans(tracing: Tracing, roomId: string, messages: Submitted[]): (Span | undefined)[] {
  let first: Span | undefined;
  return messages.map(({ parent }) => {
    if (!parent) return undefined;
    const span = tracing.startSpan(
      "store message",
      {
        kind: "client",
        attributes: {
          "db.system.name": "postgresql",
          "db.operation.name": "INSERT",
          "db.collection.name": "Message",
          "chatmod.room.id": roomId,
          ...(messages.length > 1 ? { "db.operation.batch.size": messages.length } : {}),
        },
        ...(first ? { links: [{ context: first.spanContext() }] } : {}),
      },
      parent,
    );
    first ??= span;
    return span;
  });
}

/**
 * One room's messages, in order. A reused clientId fails the whole statement
 * (that is what keeps the sequence without holes), so then each message is
 * stored on its own to tell the duplicate from the rest.
 */
async function postInRoom(db: Queryable, roomId: string, messages: NewMessage[]): Promise<PostResult[]> {
  // The same message twice in one batch (a retry racing its original) is one row with two answers.
  const keyOf = (message: NewMessage) => `${message.authorId}\n${message.clientId}`;
  const distinct = [...new Map(messages.map((message) => [keyOf(message), message])).values()];
  let stored: PostResult[];
  try {
    stored = await insertMessages(db, roomId, distinct);
  } catch (error) {
    if (!violatesUnique(error, "Message_authorId_clientId_key")) throw error;
    if (distinct.length === 1) stored = ["duplicate"];
    else {
      stored = [];
      // One after another, so the room's sequence follows the order the messages arrived in.
      for (const message of distinct) stored.push(...(await postInRoom(db, roomId, [message])));
    }
  }
  const byKey = new Map(distinct.map((message, index) => [keyOf(message), stored[index]!]));
  return messages.map((message) => byKey.get(keyOf(message))!);
}

/**
 * Stores a room's new messages in one SQL statement, so the room's row lock
 * (which orders its events) is held for no round trip at all: take the next
 * sequence numbers (room-log.ts), insert each message, its MESSAGE_ADDED event and its outbox
 * row (the moderation job the worker is owed), and read the authors. A
 * statement is atomic: when a clientId was used before, the unique violation
 * undoes the sequence numbers too, so the room's event log never gets a hole.
 * Messages whose author is not a member, or is under a sanction there, or
 * whose slow-mode turn is not back yet, or whose room does not exist, are not
 * stored: "not-allowed". Sanctions and turns are read here, in the statement
 * that stores, so a timeout or a turn taken through any replica holds at once.
 *
 * The people a message mentions are resolved here too (one index lookup, for
 * messages that name anyone), so a mention count never depends on a later step.
 *
 * It runs through node-postgres, not Prisma's $queryRaw: the same statement cost
 * 135 µs of the API's CPU that way and 224 µs through Prisma, on a path run
 * once per message. Prepared (named): planning it was half of Postgres's work.
 */
async function insertMessages(db: Queryable, roomId: string, messages: NewMessage[]): Promise<PostResult[]> {
  const ids = messages.map(() => randomUUID());
  const statement = sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::uuid[], ${messages.map((m) => m.authorId)}::uuid[],
        ${messages.map((m) => m.clientId)}::text[], ${messages.map((m) => m.text)}::text[],
        ${messages.map((m) => mentionedKeys(m.text).join(" "))}::text[],
        ${messages.map((m) => m.replyToId ?? null)}::uuid[]
      ) WITH ORDINALITY AS t(id, "authorId", "clientId", text, mentions, "replyToId", position)
    ), member AS (
      SELECT input.*, ${roomId}::uuid AS "roomId", u.role <> 'MEMBER' AS exempt,
        row_number() OVER (PARTITION BY input."authorId" ORDER BY input.position) AS "nthOfAuthor"
      FROM input JOIN "User" u ON u.id = input."authorId"
      WHERE EXISTS (SELECT 1 FROM "Membership" WHERE "roomId" = ${roomId}::uuid AND "userId" = input."authorId")
        -- Moderators are bound by no sanction (one set before a promotion no longer applies).
        AND (u.role <> 'MEMBER' OR NOT EXISTS (
          SELECT 1 FROM "Sanction" s
          WHERE s."userId" = input."authorId" AND (s."roomId" = ${roomId}::uuid OR s.kind = 'SUSPENSION')
            AND ${inForceSql("s")}))
    ), setting AS (
      SELECT "slowModeSeconds" AS slow FROM "Room" WHERE id = ${roomId}::uuid
    ), turn AS (
      -- Slow mode: a member's turn is their membership row's lastPostedAt. Its row lock orders two
      -- sends of theirs from any replica, and the second re-reads it after the first commits.
      UPDATE "Membership" m SET "lastPostedAt" = now()
      FROM setting
      WHERE setting.slow > 0 AND m."roomId" = ${roomId}::uuid
        AND m."userId" IN (SELECT "authorId" FROM member WHERE NOT exempt)
        AND (m."lastPostedAt" IS NULL OR m."lastPostedAt" <= now() - make_interval(secs => setting.slow))
      RETURNING m."userId"
    ), allowed AS (
      SELECT member.* FROM member, setting
      WHERE setting.slow = 0 OR member.exempt
        OR (member."nthOfAuthor" = 1 AND member."authorId" IN (SELECT "userId" FROM turn))
    ), ${numberRoomEvents("numbered", "allowed", ["moderationMode"])}, message AS (
      INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text, "replyToId", "preModerated",
        "heldForVerdict", "mentionedUserIds")
      SELECT id, "roomId", "authorId", seq, "clientId", text, "replyToId", "moderationMode" = 'PRE',
        "moderationMode" = 'HOLD', ${mentionedUsers("numbered")}
      FROM numbered
      RETURNING *
    ), ${insertRoomEvents("event", "MESSAGE_ADDED", "message", "id")}, owed AS (
      INSERT INTO "ModerationOutbox" ("messageId") SELECT id FROM message RETURNING "messageId", "createdAt"
    )
    SELECT message.*, owed."createdAt" AS "owedAt", ${authorJson("author")} AS author
    FROM message
    JOIN owed ON owed."messageId" = message.id
    JOIN "User" author ON author.id = message."authorId"`;
  const stored = await rows<Row>(db, { ...statement, name: "chatmod_post_messages" });
  const byId = new Map(stored.map((row) => [row.id, row]));
  return ids.map((id): PostResult => {
    const row = byId.get(id);
    return row ? { ...row, author: authorFromJson(row.author) } : "not-allowed";
  });
}

/** SQL for the users that a row's space-separated "mentions" keys name, but its author: the usual empty case reads nothing. */
const mentionedUsers = (alias: string) =>
  Prisma.raw(`CASE WHEN ${alias}.mentions = '' THEN '{}'::uuid[] ELSE ARRAY(
      SELECT u.id FROM "User" u
      WHERE u."usernameKey" = ANY(string_to_array(${alias}.mentions, ' ')) AND u.id <> ${alias}."authorId"
    ) END`);
