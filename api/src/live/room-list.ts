import type { Database, Room } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import { Repeater } from "@repeaterjs/repeater";

export type RoomListOptions = {
  /**
   * How long a room's changes gather before it is read again: a busy room
   * costs each watcher one read per this many ms, not one per message.
   */
  gatherMs: number;
};

/**
 * One person's room list, live: a room each time it changes for them. Their
 * rooms' events (new, moderated, edited, deleted messages: the counts move)
 * and details, their own read markers, joins and leaves (from any device),
 * and new rooms. Changes of one room gather for `gatherMs` and go out as one
 * read; a reader that keeps up gets them in that rhythm, and a slow one gets
 * the latest state of each room when it reads again (nothing queues up).
 * Only changes from now on: a client reads its list when it (re)subscribes.
 */
export function roomListStream(
  db: Database,
  bus: EventBus,
  userId: string,
  options: RoomListOptions,
): AsyncIterableIterator<Room> {
  return new Repeater<Room>(async (push, stop) => {
    const due = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let sending = false;

    async function send(): Promise<void> {
      timer = undefined;
      if (sending) return; // the loop below takes what came meanwhile
      sending = true;
      try {
        while (due.size > 0) {
          const roomIds = [...due];
          due.clear();
          for (const room of await db.room.findMany({ where: { id: { in: roomIds } } })) await push(room);
        }
      } catch {
        // A failed read ends nothing: the next change reads the room again.
      } finally {
        sending = false;
      }
    }
    const changed = (roomId: string) => {
      due.add(roomId);
      timer ??= setTimeout(() => void send(), options.gatherMs);
    };

    // Per room of theirs: its events and its details. Listening starts before anything is read.
    const watched = new Map<string, Promise<(() => void)[]>>();
    const watch = (roomId: string) => {
      if (watched.has(roomId)) return;
      const listeners = Promise.all([
        bus.listen("room", roomId, () => changed(roomId)),
        bus.listen("room-changes", roomId, () => changed(roomId)),
      ]);
      watched.set(roomId, listeners);
    };
    const unwatch = (roomId: string) => {
      void watched.get(roomId)?.then((unlisteners) => {
        for (const unlisten of unlisteners) unlisten();
      });
      watched.delete(roomId);
    };

    const unlisteners = await Promise.all([
      bus.listen("room-list", userId, async ({ roomId }) => {
        const member = await db.membership
          .findUnique({ where: { roomId_userId: { roomId, userId } } })
          .catch(() => null);
        if (member) watch(roomId);
        else unwatch(roomId);
        changed(roomId);
      }),
      bus.listen("directory", ({ roomId }) => changed(roomId)),
    ]);
    const memberships = await db.membership.findMany({ where: { userId }, select: { roomId: true } });
    for (const { roomId } of memberships) watch(roomId);

    await stop;
    clearTimeout(timer);
    for (const unlisten of unlisteners) unlisten();
    for (const roomId of [...watched.keys()]) unwatch(roomId);
  });
}
