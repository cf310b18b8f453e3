import type { Database, Message, RoomEventKind, User } from "../db.ts";

export type MessageWithAuthor = Message & { author: User };
export type RoomEventRecord = { seq: number; kind: RoomEventKind; message: MessageWithAuthor };

/** Events of a room after `afterSeq`, oldest first, each with its message as it is now. */
export async function loadRoomEvents(
  db: Database,
  roomId: string,
  afterSeq: number,
  limit: number,
): Promise<RoomEventRecord[]> {
  const rows = await db.roomEvent.findMany({
    where: { roomId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, kind: true, message: { include: { author: true } } },
  });
  return rows;
}
