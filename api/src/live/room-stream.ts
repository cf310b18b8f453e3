import { Repeater } from "@repeaterjs/repeater";
import type { Database } from "../db.ts";
import { loadRoomEvents, type RoomEventRecord } from "./room-events.ts";
import type { FeedItem, RoomFeeds } from "./room-feeds.ts";

const REPLAY_PAGE = 200;

export type RoomStreamOptions = {
  /** Deliver events after this sequence number; null means "from now on". */
  afterSeq: number | null;
  /**
   * Live events held in memory for this subscriber at most. Past that they are
   * dropped for one "catch up" marker: the subscriber reads them from Postgres
   * when it gets there, so a lagging reader costs no memory and loses nothing.
   */
  buffer: number;
};

/**
 * One subscriber's view of a room: every event after `afterSeq`, in sequence
 * order, exactly once. It joins the live feed first, then reads the gap from
 * Postgres, then follows the feed; a hole in the sequence (a fact lost or
 * reordered in Redis) is filled from Postgres, and anything already delivered is
 * skipped. A subscriber whose socket cannot keep up is closed by the socket
 * layer (4503), not here. A room's sequence numbers are allocated under its row lock, so when
 * event N is visible every event before N is committed and readable.
 */
export function roomEventStream(
  db: Database,
  feeds: RoomFeeds,
  roomId: string,
  options: RoomStreamOptions,
): AsyncIterableIterator<RoomEventRecord> {
  return new Repeater<RoomEventRecord>(async (push, stop) => {
    const queue: FeedItem[] = [];
    let wake: () => void = () => {};

    const leave = await feeds.join(roomId, (item) => {
      if (queue.length >= options.buffer) queue.splice(0, queue.length, { kind: "check" });
      else queue.push(item);
      wake();
    });
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake();
    });

    try {
      let last = options.afterSeq ?? (await currentSeq(db, roomId));
      const catchUp = async () => {
        for (;;) {
          const page = await loadRoomEvents(db, roomId, last, REPLAY_PAGE);
          for (const event of page) {
            if (stopped) return;
            last = event.seq;
            await push(event);
          }
          if (page.length < REPLAY_PAGE) return;
        }
      };

      await catchUp();
      while (!stopped) {
        const item = queue.shift();
        if (!item) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        if (item.kind === "check") {
          await catchUp();
        } else if (item.event.seq === last + 1) {
          last = item.event.seq;
          await push(item.event);
        } else if (item.event.seq > last) {
          await catchUp();
        }
      }
    } finally {
      leave();
    }
  });
}

async function currentSeq(db: Database, roomId: string): Promise<number> {
  const room = await db.room.findUnique({ where: { id: roomId }, select: { lastSeq: true } });
  return room?.lastSeq ?? 0;
}
