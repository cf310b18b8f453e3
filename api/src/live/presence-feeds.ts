import type { Database, User } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import { Repeater, SlidingBuffer } from "@repeaterjs/repeater";
import type { Logger } from "pino";
import type { Presence } from "./presence.ts";

/** What a room's watchers see: its people online (each once, by name) and who of them is typing. */
export type RoomPresence = { roomId: string; online: User[]; typing: User[] };

type Sink = (presence: RoomPresence) => void;

/** Reads the users behind a presence reading; only those not read before go to Postgres. */
async function usersFor(db: Database, ids: string[], known: Map<string, User>): Promise<Map<string, User>> {
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0)
    for (const user of await db.user.findMany({ where: { id: { in: missing } } })) known.set(user.id, user);
  return known;
}

/** A reading as users, by name: a person whose account is gone is left out. */
export async function presenceOf(
  db: Database,
  presence: Presence,
  roomId: string,
  known = new Map<string, User>(),
): Promise<RoomPresence & { nextExpiryAt: number | null }> {
  const reading = await presence.read(roomId);
  const users = await usersFor(db, [...new Set([...reading.online, ...reading.typing])], known);
  const pick = (ids: string[]) =>
    ids
      .map((id) => users.get(id))
      .filter((user): user is User => user !== undefined)
      .sort((a, b) => a.username.localeCompare(b.username));
  return { roomId, online: pick(reading.online), typing: pick(reading.typing), nextExpiryAt: reading.nextExpiryAt };
}

/**
 * One feed per room with watchers on this replica: it hears the room's presence
 * facts, reads Redis once per burst of them (not once per watcher), and hands
 * the same object to every local watcher when what they see changed, so the
 * socket layer executes it once. A timer reads again when the next entry
 * expires, which is how a dead replica's connections and a typist who went
 * quiet leave the list without anyone announcing it.
 */
class RoomPresenceFeed {
  readonly sinks = new Set<Sink>();
  current: RoomPresence | null = null;
  private shown = "";
  private reading: Promise<void> | null = null;
  private again = false;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** Users seen in this room while it has watchers here: a name is read from Postgres once. */
  private readonly users = new Map<string, User>();
  readonly unlisten: Promise<() => void>;

  private readonly db: Database;
  private readonly presence: Presence;
  private readonly roomId: string;
  private readonly log: Logger;

  constructor(db: Database, presence: Presence, events: EventBus, roomId: string, log: Logger) {
    this.db = db;
    this.presence = presence;
    this.roomId = roomId;
    this.log = log;
    this.unlisten = events.listen("presence", roomId, () => void this.refresh());
  }

  /** Reads the room again (once for every request made while a read is under way), then tells the watchers. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again && this.sinks.size > 0);
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  close(): void {
    clearTimeout(this.expiryTimer);
    void this.unlisten.then((stop) => stop());
  }

  private async readOnce(): Promise<void> {
    try {
      const { nextExpiryAt, ...now } = await presenceOf(this.db, this.presence, this.roomId, this.users);
      clearTimeout(this.expiryTimer);
      if (nextExpiryAt !== null && this.sinks.size > 0)
        this.expiryTimer = setTimeout(() => void this.refresh(), Math.max(nextExpiryAt - Date.now(), 0) + 20).unref();
      const shown = `${now.online.map((user) => user.id)}|${now.typing.map((user) => user.id)}`;
      if (this.current && shown === this.shown) return;
      this.shown = shown;
      this.current = now;
      for (const sink of this.sinks) sink(now);
    } catch (error) {
      // The next fact or renewal reads again.
      this.log.warn({ err: error, roomId: this.roomId }, "could not read presence");
    }
  }
}

export class PresenceFeeds {
  private readonly feeds = new Map<string, RoomPresenceFeed>();

  private readonly db: Database;
  private readonly presence: Presence;
  private readonly events: EventBus;
  private readonly log: Logger;

  constructor(db: Database, presence: Presence, events: EventBus, log: Logger) {
    this.db = db;
    this.presence = presence;
    this.events = events;
    this.log = log;
    // Facts published while the subscribe connection was down are gone: every room is read again.
    events.onReconnect(() => {
      for (const feed of this.feeds.values()) void feed.refresh();
    });
  }

  /**
   * One watcher's view of the room: counts them in the room while it lasts,
   * yields the room's presence at once and after every change. Only the latest
   * matters, so a watcher that does not read keeps one value, never a queue.
   */
  watch(roomId: string, userId: string): AsyncIterableIterator<RoomPresence> {
    return new Repeater<RoomPresence>(async (push, stop) => {
      const sink: Sink = (presence) => void push(presence).catch(() => {});
      const feed = this.feedFor(roomId);
      feed.sinks.add(sink);
      let leave: (() => Promise<void>) | null = null;
      try {
        await feed.unlisten; // facts from now on reach this watcher
        leave = await this.presence.enter(roomId, userId);
        await feed.refresh();
        if (feed.current) sink(feed.current);
        await stop;
      } finally {
        feed.sinks.delete(sink);
        if (feed.sinks.size === 0 && this.feeds.get(roomId) === feed) {
          this.feeds.delete(roomId);
          feed.close();
        }
        await leave?.();
      }
    }, new SlidingBuffer(1));
  }

  private feedFor(roomId: string): RoomPresenceFeed {
    let feed = this.feeds.get(roomId);
    if (!feed) {
      feed = new RoomPresenceFeed(this.db, this.presence, this.events, roomId, this.log);
      this.feeds.set(roomId, feed);
    }
    return feed;
  }
}
