import type { Database, Message, RoomEventKind, User } from "../db.ts";

export type MessageWithAuthor = Message & { author: User };
export type RoomEventRecord = { seq: number; kind: RoomEventKind; message: MessageWithAuthor };

/** A user as Postgres' row_to_json writes it: the timestamp is text. */
export type AuthorJson = Omit<User, "createdAt"> & { createdAt: string };

type Row = Message & { eventSeq: number; eventKind: RoomEventKind; author: AuthorJson };

/**
 * Events of a room after `afterSeq`, oldest first, each with its message as it
 * is now and the message's author. Every replica runs this once per batch of
 * live events, so it is one statement (Prisma's relation reads make three).
 */
export async function loadRoomEvents(
  db: Database,
  roomId: string,
  afterSeq: number,
  limit: number,
): Promise<RoomEventRecord[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT m.*, e.seq AS "eventSeq", e.kind::text AS "eventKind", row_to_json(u) AS author
    FROM "RoomEvent" e
    JOIN "Message" m ON m.id = e."messageId"
    JOIN "User" u ON u.id = m."authorId"
    WHERE e."roomId" = ${roomId}::uuid AND e.seq > ${afterSeq}
    ORDER BY e.seq
    LIMIT ${limit}`;
  return rows.map(({ eventSeq, eventKind, author, ...message }) => ({
    seq: eventSeq,
    kind: eventKind,
    message: { ...message, author: authorFromJson(author) },
  }));
}

export function authorFromJson(author: AuthorJson): User {
  return { ...author, createdAt: new Date(author.createdAt) };
}
