import type { Database, Room } from "../db.ts";
import type { RoomChangeFact } from "../events.ts";
import type { EventBus } from "./event-bus.ts";
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
    (listener) => bus.onRoomChange(roomId, listener),
    (fact) => readRoom(db, fact),
    options,
  );
}
