import type { Database, Room } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import type { RoomChangeFact } from "@chatmod/core/topics";
import { factStream, readOncePerFact } from "./fact-stream.ts";

const readRoom = readOncePerFact(
  (db, fact: RoomChangeFact): Promise<Room | null> => db.room.findUnique({ where: { id: fact.roomId } }),
);

/**
 * A room as it is after each change of its settings or members. Only what
 * changes from now on: a client reads the room when it (re)connects.
 */
export function roomChangeStream(
  db: Database,
  bus: EventBus,
  roomId: string,
  options: { buffer: number; onOverflow: () => void },
): AsyncIterableIterator<Room> {
  return factStream<RoomChangeFact, Room>(
    (listener) => bus.listen("room-changes", roomId, listener),
    (fact) => readRoom(db, fact),
    options,
  );
}
