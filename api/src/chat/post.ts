import { randomUUID } from "node:crypto";
import type { Database, Message } from "../db.ts";
import { Prisma } from "../db.ts";
import { type AuthorJson, authorFromJson, authorJson, type MessageWithAuthor } from "../live/message-json.ts";

export type Posted = MessageWithAuthor & { owedAt: Date };

/** What `insertMessage` can answer instead of a message. */
export type NotPosted = "not-allowed" | "duplicate";

type Row = Message & { owedAt: Date; author: AuthorJson };

/**
 * Posts a message in one SQL statement, so the room's row lock (which orders
 * its events) is held for no round trip at all: take the room's next sequence
 * number, insert the message, its MESSAGE_ADDED event and its outbox row (the
 * moderation job the worker is owed), and read the author. A statement is
 * atomic: when the clientId was used before, the unique violation undoes the
 * sequence number too, so the room's event log never gets a hole.
 *
 * "not-allowed" when the room does not exist or the author is not a member
 * (the caller finds out which); "duplicate" when the clientId was used.
 */
export async function insertMessage(
  db: Database,
  input: { roomId: string; authorId: string; clientId: string; text: string },
): Promise<Posted | NotPosted> {
  const { roomId, authorId, clientId, text } = input;
  let rows: Row[];
  try {
    rows = await db.$queryRaw<Row[]>`
      WITH room AS (
        UPDATE "Room" SET "lastSeq" = "lastSeq" + 1
        WHERE id = ${roomId}::uuid
          AND EXISTS (SELECT 1 FROM "Membership" WHERE "roomId" = ${roomId}::uuid AND "userId" = ${authorId}::uuid)
        RETURNING id, "lastSeq", "moderationMode"
      ), message AS (
        INSERT INTO "Message" (id, "roomId", "authorId", seq, "clientId", text, "preModerated")
        SELECT ${randomUUID()}::uuid, room.id, ${authorId}::uuid, room."lastSeq", ${clientId}, ${text},
               room."moderationMode" = 'PRE'
        FROM room
        RETURNING *
      ), event AS (
        INSERT INTO "RoomEvent" ("roomId", seq, kind, "messageId")
        SELECT "roomId", seq, 'MESSAGE_ADDED', id FROM message
      ), owed AS (
        INSERT INTO "ModerationOutbox" ("messageId") SELECT id FROM message RETURNING "createdAt"
      )
      SELECT message.*, owed."createdAt" AS "owedAt", ${authorJson("author")} AS author
      FROM message, owed, "User" author
      WHERE author.id = message."authorId"`;
  } catch (error) {
    if (isClientIdReused(error)) return "duplicate";
    throw error;
  }
  const row = rows[0];
  if (!row) return "not-allowed";
  return { ...row, author: authorFromJson(row.author) };
}

/** A raw statement's failure carries the driver's own error: here, the (authorId, clientId) unique index. */
function isClientIdReused(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (
    error.meta as { driverAdapterError?: { cause?: { kind?: unknown; constraint?: { index?: unknown } } } }
  )?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" && cause.constraint?.index === "Message_authorId_clientId_key";
}
