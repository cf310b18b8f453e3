import { randomUUID } from "node:crypto";
import type { Database, Message } from "../db.ts";
import { Prisma } from "../db.ts";
import { groupCommit, type Settled } from "../group-commit.ts";
import { type AuthorJson, authorFromJson, authorJson, type MessageWithAuthor } from "../live/message-json.ts";

export type NewMessage = { roomId: string; authorId: string; clientId: string; text: string };
export type Posted = MessageWithAuthor & { owedAt: Date };
/** What posting can answer instead of a message. */
export type NotPosted = "not-allowed" | "duplicate";
export type PostResult = Posted | NotPosted;

/** Stores new messages; concurrent calls are stored together (see createMessagePoster). */
export type MessagePoster = (message: NewMessage) => Promise<PostResult>;

type Row = Message & { owedAt: Date; author: AuthorJson };

/**
 * Group commit for sends: a message is stored at once when the replica is not
 * already storing others; while it is, the messages that arrive meanwhile are
 * stored together, one statement per room. So a busy room costs one statement
 * and one commit per batch instead of per message, and a quiet one waits for
 * nothing.
 */
export function createMessagePoster(db: Database, options = { maxBatch: 200, maxInFlight: 4 }): MessagePoster {
  const batches = groupCommit<NewMessage, PostResult>(async (messages) => {
    const byRoom = new Map<string, number[]>();
    for (const [index, { roomId }] of messages.entries()) {
      const indexes = byRoom.get(roomId);
      if (indexes) indexes.push(index);
      else byRoom.set(roomId, [index]);
    }
    const results: Settled<PostResult>[] = new Array(messages.length);
    // Rooms commit separately, so a failure fails only its own room's messages.
    await Promise.all(
      [...byRoom].map(async ([roomId, indexes]) => {
        try {
          const posted = await postInRoom(
            db,
            roomId,
            indexes.map((index) => messages[index]!),
          );
          for (const [position, index] of indexes.entries()) results[index] = { ok: true, value: posted[position]! };
        } catch (error) {
          for (const index of indexes) results[index] = { ok: false, error };
        }
      }),
    );
    return results;
  }, options);
  return (message) => batches.submit(message);
}

/**
 * One room's messages, in order. A reused clientId fails the whole statement
 * (that is what keeps the sequence without holes), so then each message is
 * stored on its own to tell the duplicate from the rest.
 */
async function postInRoom(db: Database, roomId: string, messages: NewMessage[]): Promise<PostResult[]> {
  // The same message twice in one batch (a retry racing its original) is one row with two answers.
  const keyOf = (message: NewMessage) => `${message.authorId}\n${message.clientId}`;
  const distinct = [...new Map(messages.map((message) => [keyOf(message), message])).values()];
  let stored: PostResult[];
  try {
    stored = await insertMessages(db, roomId, distinct);
  } catch (error) {
    if (!isClientIdReused(error)) throw error;
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
 * sequence numbers, insert each message, its MESSAGE_ADDED event and its outbox
 * row (the moderation job the worker is owed), and read the authors. A
 * statement is atomic: when a clientId was used before, the unique violation
 * undoes the sequence numbers too, so the room's event log never gets a hole.
 * Messages whose author is not a member (or whose room does not exist) are not
 * stored: "not-allowed".
 */
async function insertMessages(db: Database, roomId: string, messages: NewMessage[]): Promise<PostResult[]> {
  const ids = messages.map(() => randomUUID());
  const rows = await db.$queryRaw<Row[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::uuid[], ${messages.map((m) => m.authorId)}::uuid[],
        ${messages.map((m) => m.clientId)}::text[], ${messages.map((m) => m.text)}::text[]
      ) WITH ORDINALITY AS t(id, "authorId", "clientId", text, position)
    ), allowed AS (
      SELECT input.* FROM input
      WHERE EXISTS (SELECT 1 FROM "Membership" WHERE "roomId" = ${roomId}::uuid AND "userId" = input."authorId")
    ), room AS (
      UPDATE "Room" SET "lastSeq" = "lastSeq" + (SELECT count(*) FROM allowed)
      WHERE id = ${roomId}::uuid AND EXISTS (SELECT 1 FROM allowed)
      RETURNING id, "lastSeq", "moderationMode"
    ), numbered AS (
      SELECT allowed.*, room.id AS "roomId", room."moderationMode" = 'PRE' AS "preModerated",
             room."lastSeq" - (SELECT count(*) FROM allowed) + row_number() OVER (ORDER BY allowed.position) AS seq
      FROM allowed CROSS JOIN room
    ), message AS (
      INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text, "preModerated")
      SELECT id, "roomId", "authorId", seq, "clientId", text, "preModerated" FROM numbered
      RETURNING *
    ), event AS (
      INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId")
      SELECT "roomId", seq, 'MESSAGE_ADDED', id FROM message
    ), owed AS (
      INSERT INTO "ModerationOutbox" ("messageId") SELECT id FROM message RETURNING "messageId", "createdAt"
    )
    SELECT message.*, owed."createdAt" AS "owedAt", ${authorJson("author")} AS author
    FROM message
    JOIN owed ON owed."messageId" = message.id
    JOIN "User" author ON author.id = message."authorId"`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id): PostResult => {
    const row = byId.get(id);
    return row ? { ...row, author: authorFromJson(row.author) } : "not-allowed";
  });
}

/** A raw statement's failure carries the driver's own error: here, the (authorId, clientId) unique index. */
function isClientIdReused(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (
    error.meta as { driverAdapterError?: { cause?: { kind?: unknown; constraint?: { index?: unknown } } } }
  )?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" && cause.constraint?.index === "Message_authorId_clientId_key";
}
