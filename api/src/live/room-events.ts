import type { Database, Message, RoomEventKind } from "@chatmod/core/db";
import { type AuthorJson, authorFromJson, authorJson, type MessageWithAuthor } from "@chatmod/core/message-json";

export type RoomEventRecord = { seq: number; kind: RoomEventKind; message: MessageWithAuthor };

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
    SELECT m.*, e.seq AS "eventSeq", e.kind::text AS "eventKind", ${authorJson("u")} AS author
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

/** The room's last sequence number (0 for a new room or one that does not exist). */
export async function currentSeq(db: Database, roomId: string): Promise<number> {
  const room = await db.room.findUnique({ where: { id: roomId }, select: { lastSeq: true } });
  return room?.lastSeq ?? 0;
}
