import type { Database } from "../db.ts";
import type { RoomEventFact } from "../events.ts";
import type { EventBus } from "./event-bus.ts";
import { type MessageJson, messageFromJson } from "./message-json.ts";
import { loadRoomEvents, type RoomEventRecord } from "./room-events.ts";

/** What a room feed hands each local subscriber: the fact as published, the rows loaded once. */
export type FeedItem = { kind: "event"; event: RoomEventRecord } | { kind: "check" };
export type FeedSubscriber = (item: FeedItem) => void;

type Feed = {
  subscribers: Set<FeedSubscriber>;
  ready: Promise<() => void>;
  /** Facts received and not yet loaded; drained by one loop per feed, so deliveries stay in order. */
  pending: RoomEventFact[];
  draining: boolean;
};

/**
 * One Redis subscription per room with local subscribers on this replica. Each
 * published fact is resolved from Postgres once here, not once per subscriber,
 * then handed to every local subscriber of the room.
 */
export class RoomFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
  ) {
    // Redis pub/sub is at-most-once: after a reconnect, every subscriber re-reads Postgres for what it missed.
    bus.subscribeClient?.on("ready", () => this.broadcastCheck());
  }

  /** Adds a subscriber; resolves when live events are guaranteed to reach it. Returns the leave function. */
  async join(roomId: string, subscriber: FeedSubscriber): Promise<() => void> {
    let feed = this.feeds.get(roomId);
    if (!feed) {
      const created: Feed = { subscribers: new Set(), ready: Promise.resolve(() => {}), pending: [], draining: false };
      created.ready = this.bus.onRoomEvent(roomId, (fact) => this.receive(roomId, created, fact));
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
    void feed.ready.then((unlisten) => unlisten());
  }

  private receive(roomId: string, feed: Feed, fact: RoomEventFact): void {
    feed.pending.push(fact);
    if (!feed.draining) void this.drain(roomId, feed);
  }

  /**
   * Hands out every pending fact of the room in sequence order: as carried when
   * each brings its message, otherwise read in one query.
   */
  private async drain(roomId: string, feed: Feed): Promise<void> {
    feed.draining = true;
    while (feed.pending.length > 0) {
      const facts = feed.pending.splice(0).sort((a, b) => a.seq - b.seq);
      const items = facts.every(carriesMessage)
        ? facts.map(
            ({ seq, kind, message }): FeedItem => ({
              kind: "event",
              event: { seq, kind, message: messageFromJson(message) },
            }),
          )
        : await this.load(roomId, facts);
      for (const item of items) for (const subscriber of feed.subscribers) subscriber(item);
    }
    feed.draining = false;
  }

  private async load(roomId: string, facts: RoomEventFact[]): Promise<FeedItem[]> {
    const from = facts[0]!.seq;
    const to = facts.at(-1)!.seq;
    try {
      const events = await loadRoomEvents(this.db, roomId, from - 1, Math.min(to - from + 1, 500));
      const items = events.map((event): FeedItem => ({ kind: "event", event }));
      // A fact whose row is not readable here (yet) makes subscribers catch up from Postgres.
      if (events.length < facts.length) items.push({ kind: "check" });
      return items;
    } catch {
      return [{ kind: "check" }];
    }
  }

  private broadcastCheck(): void {
    for (const feed of this.feeds.values()) for (const subscriber of feed.subscribers) subscriber({ kind: "check" });
  }
}

function carriesMessage(fact: RoomEventFact): fact is RoomEventFact & { message: MessageJson } {
  return fact.message !== undefined;
}
