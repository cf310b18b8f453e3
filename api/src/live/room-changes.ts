import { Repeater } from "@repeaterjs/repeater";
import type { Database, Room } from "../db.ts";
import type { RoomChangeFact } from "../events.ts";
import type { EventBus } from "./event-bus.ts";

/**
 * Each Redis message reaches every local watcher as the same parsed fact, so
 * keying the read by it reads the room once per change and replica, and hands
 * every watcher the same row (which the socket layer then executes once).
 */
const reads = new WeakMap<RoomChangeFact, Promise<Room | null>>();

function readOnce(db: Database, fact: RoomChangeFact): Promise<Room | null> {
  let read = reads.get(fact);
  if (!read) {
    read = db.room.findUnique({ where: { id: fact.roomId } });
    reads.set(fact, read);
  }
  return read;
}

/**
 * A room as it is after each change of its settings or members. Only what
 * changes from now on: a client reads the room when it (re)connects. A watcher
 * too slow to read is disconnected, like a slow room subscriber.
 */
export function roomChangeStream(
  db: Database,
  bus: EventBus,
  roomId: string,
  options: { buffer: number; onOverflow: () => void },
): AsyncIterableIterator<Room> {
  return new Repeater<Room>(async (push, stop) => {
    let pending = 0;
    // Reads finish in any order; each is pushed only after the ones before it, so the last one pushed is the newest.
    let previous: Promise<unknown> = Promise.resolve();
    const unlisten = await bus.onRoomChange(roomId, (fact) => {
      if (++pending > options.buffer) {
        options.onOverflow();
        stop(new Error("Room watcher fell behind; reconnect."));
        return;
      }
      const read = readOnce(db, fact).catch(() => null);
      previous = Promise.all([read, previous])
        .then(async ([room]) => {
          if (room) await push(room);
        })
        .catch(() => {})
        .finally(() => {
          pending--;
        });
    });
    await stop;
    unlisten();
  });
}
