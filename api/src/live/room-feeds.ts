import type { Database } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import { type MessageJson, messageFromJson } from "@chatmod/core/message-json";
import type { RoomEventFact } from "@chatmod/core/topics";
import { currentSeq, loadRoomEvents, type RoomEventRecord } from "./room-events.ts";

/** A fact as published, or a sequence number only Postgres knows about (see checkTails): read it from there. */
type Pending = RoomEventFact | { seq: number; message?: undefined };

/** What a room feed hands each local subscriber: the fact as published, the rows loaded once. */
export type FeedItem = { kind: "event"; event: RoomEventRecord } | { kind: "check" };
export type FeedSubscriber = (item: FeedItem) => void;

type Feed = {
  subscribers: Set<FeedSubscriber>;
  ready: Promise<() => void>;
  /** Facts received and not yet handed out; drained by one loop per feed, so deliveries stay in order. */
  pending: Pending[];
  draining: boolean;
  /** The last sequence number handed out, once the feed has handed out any. */
  last: number | null;
  /** While facts wait for an earlier one that has not arrived: ends the wait (see HOLE_WAIT_MS). */
  holeTimer: NodeJS.Timeout | null;
  /** The wait for the current hole is over: read it from Postgres. */
  holeWaited: boolean;
};

/**
 * How long facts that do not follow on wait for the missing ones before the
 * hole is read from Postgres. Replicas publish a room's facts in order, but two
 * replicas' facts can cross on the way to Redis; the missing one is then a few
 * milliseconds behind, and waiting for it costs less than a read (a lost fact
 * is rare: Redis is down, or a publisher died after its commit).
 */
const HOLE_WAIT_MS = 25;

/**
 * One Redis subscription per room with local subscribers on this replica. The
 * feed hands every local subscriber the room's events in sequence order, each
 * resolved once here, not once per subscriber: as its fact carries it, or read
 * from Postgres. Facts published by different replicas can arrive out of order,
 * and Redis can lose one: the feed then reads the hole from Postgres, once for
 * all its subscribers. (When event N is committed, every event before it is: a
 * room's sequence numbers are taken under its row lock.)
 */
export class RoomFeeds {
  private readonly feeds = new Map<string, Feed>();
  private readonly tailTimer: NodeJS.Timeout;

  private readonly db: Database;
  private readonly bus: EventBus;
  /** Told of each event once it is handed to every local subscriber (metrics: send-to-deliver). */
  private readonly delivered: (event: RoomEventRecord) => void;

  constructor(
    db: Database,
    bus: EventBus,
    /**
     * How often this replica compares the rooms it serves with Postgres
     * (ROOM_TAIL_CHECK_MS). A fact lost in Redis is noticed when a later one
     * arrives; this finds the last one of a room gone quiet (its publisher lost
     * Redis, or died after its commit): one statement per period for all rooms.
     */
    tailCheckMs: number,
    delivered: (event: RoomEventRecord) => void = () => {},
  ) {
    this.db = db;
    this.bus = bus;
    this.delivered = delivered;
    // Redis pub/sub is at-most-once: after a reconnect, every subscriber re-reads Postgres for what it missed.
    bus.onReconnect(() => this.broadcastCheck());
    this.tailTimer = setInterval(() => void this.checkTails().catch(() => {}), tailCheckMs).unref();
  }

  /** Stops the tail checks (the app is stopping). */
  close(): void {
    clearInterval(this.tailTimer);
  }

  /** Adds a subscriber; resolves when live events are guaranteed to reach it. Returns the leave function. */
  async join(roomId: string, subscriber: FeedSubscriber): Promise<() => void> {
    let feed = this.feeds.get(roomId);
    if (!feed) {
      const created: Feed = {
        subscribers: new Set(),
        ready: Promise.resolve(() => {}),
        pending: [],
        draining: false,
        last: null,
        holeTimer: null,
        holeWaited: false,
      };
      created.ready = this.bus
        .listen("room", roomId, (fact) => this.receive(roomId, created, fact))
        .then(async (unlisten) => {
          // Where the room stands once facts are sure to arrive: a later fact that does not follow on is a hole.
          created.last = await currentSeq(this.db, roomId).catch(() => null);
          return unlisten;
        });
      this.feeds.set(roomId, created);
      feed = created;
    }
    feed.subscribers.add(subscriber);
    await feed.ready;
    return () => this.leave(roomId, subscriber);
  }

  get roomCount(): number {
    return this.feeds.size;
  }

  private leave(roomId: string, subscriber: FeedSubscriber): void {
    const feed = this.feeds.get(roomId);
    if (!feed) return;
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0) return;
    this.feeds.delete(roomId);
    if (feed.holeTimer) clearTimeout(feed.holeTimer);
    void feed.ready.then((unlisten) => unlisten());
  }

  private receive(roomId: string, feed: Feed, fact: Pending): void {
    feed.pending.push(fact);
    if (!feed.draining) void this.drain(roomId, feed);
  }

  /** Rooms whose last event never reached this replica get it read from Postgres, like any hole. */
  private async checkTails(): Promise<void> {
    const quiet = [...this.feeds].filter(([, feed]) => feed.last !== null && !feed.draining);
    if (quiet.length === 0) return;
    const rooms = await this.db.room.findMany({
      where: { id: { in: quiet.map(([roomId]) => roomId) } },
      select: { id: true, lastSeq: true },
    });
    for (const { id, lastSeq } of rooms) {
      const feed = this.feeds.get(id);
      if (feed && feed.last !== null && lastSeq > feed.last) this.receive(id, feed, { seq: lastSeq });
    }
  }

  /**
   * Hands out the pending facts in sequence order: as carried while they follow
   * on; a hole is waited for briefly, then read from Postgres with whatever
   * does not carry its message.
   */
  private async drain(roomId: string, feed: Feed): Promise<void> {
    feed.draining = true;
    await feed.ready.catch(() => {});
    while (feed.pending.length > 0) {
      const facts = feed.pending
        .splice(0)
        .filter((fact) => feed.last === null || fact.seq > feed.last)
        .sort((a, b) => a.seq - b.seq);
      if (facts.length === 0) continue;
      const first = feed.last ?? facts[0]!.seq - 1;
      let carried = 0;
      while (carried < facts.length && facts[carried]!.seq === first + 1 + carried && carriesMessage(facts[carried]!))
        carried++;
      this.handOut(
        feed,
        facts
          .slice(0, carried)
          .filter(carriesMessage)
          .map(
            ({ seq, kind, message }): FeedItem => ({
              kind: "event",
              event: { seq, kind, message: messageFromJson(message) },
            }),
          ),
      );
      const rest = facts.slice(carried);
      if (rest.length === 0) {
        this.endHoleWait(feed);
        continue;
      }
      if (rest[0]!.seq > first + 1 + carried && !feed.holeWaited) {
        // A hole: keep the facts, and come back when the missing one arrives or the wait is over.
        feed.pending.push(...rest);
        feed.holeTimer ??= setTimeout(() => {
          feed.holeTimer = null;
          feed.holeWaited = true;
          if (!feed.draining) void this.drain(roomId, feed);
        }, HOLE_WAIT_MS);
        break;
      }
      this.endHoleWait(feed);
      this.handOut(feed, await this.read(roomId, first + carried, rest.at(-1)!.seq));
    }
    feed.draining = false;
  }

  private handOut(feed: Feed, items: FeedItem[]): void {
    for (const item of items) {
      if (item.kind === "event") feed.last = item.event.seq;
      for (const subscriber of feed.subscribers) subscriber(item);
      if (item.kind === "event") this.delivered(item.event);
    }
  }

  private endHoleWait(feed: Feed): void {
    if (feed.holeTimer) clearTimeout(feed.holeTimer);
    feed.holeTimer = null;
    feed.holeWaited = false;
  }

  /** The events after `after` up to `to`, read once for every subscriber of the room. */
  private async read(roomId: string, after: number, to: number): Promise<FeedItem[]> {
    try {
      const events = await loadRoomEvents(this.db, roomId, after, Math.min(to - after, 500));
      const items = events.map((event): FeedItem => ({ kind: "event", event }));
      // Not all readable (more than a page, or not visible here yet): subscribers catch up themselves.
      if (events.at(-1)?.seq !== to) items.push({ kind: "check" });
      return items;
    } catch {
      return [{ kind: "check" }];
    }
  }

  private broadcastCheck(): void {
    for (const feed of this.feeds.values()) for (const subscriber of feed.subscribers) subscriber({ kind: "check" });
  }
}

function carriesMessage(fact: Pending): fact is RoomEventFact & { message: MessageJson } {
  return fact.message !== undefined;
}
