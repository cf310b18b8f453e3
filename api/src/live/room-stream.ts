import type { Database } from "@chatmod/core/db";
import type { Pushable } from "./pushable.ts";
import { currentSeq, loadRoomEvents, type RoomEventRecord } from "./room-events.ts";
import type { FeedItem, RoomFeeds } from "./room-feeds.ts";
import { behindAfterPage, nextStep, type StreamState } from "./room-stream-steps.ts";

const REPLAY_PAGE = 200;
const CATCH_UP: FeedItem = { kind: "check" };

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
 * layer (4503), not here. A room's sequence numbers are allocated under its row
 * lock, so when event N is visible every event before N is committed and readable.
 */
export function roomEventStream(
  db: Database,
  feeds: RoomFeeds,
  roomId: string,
  options: RoomStreamOptions,
): AsyncIterable<RoomEventRecord> & Pushable<RoomEventRecord> {
  return new RoomEventStream(db, feeds, roomId, options);
}

/**
 * Pushed to one sink (the socket layer's way: an event that follows on is a
 * plain call, with no promise per event). Its decisions are nextStep's; it
 * reads Postgres only to start, to fill a hole or to catch up.
 */
class RoomEventStream implements AsyncIterable<RoomEventRecord>, Pushable<RoomEventRecord>, StreamState {
  started = false;
  last = 0;
  behind = true;
  private readonly live: FeedItem[] = [];
  private leave: (() => void) | null = null;
  /** The consumer, how its pipe() ends, and whether a step that reads Postgres is under way for it. */
  private sink: ((event: RoomEventRecord) => void) | null = null;
  private ended: { resolve(): void; reject(error: unknown): void } | null = null;
  private reading = false;
  private stopped = false;

  private readonly db: Database;
  private readonly feeds: RoomFeeds;
  private readonly roomId: string;
  private readonly options: RoomStreamOptions;

  constructor(db: Database, feeds: RoomFeeds, roomId: string, options: RoomStreamOptions) {
    this.db = db;
    this.feeds = feeds;
    this.roomId = roomId;
    this.options = options;
  }

  /** graphql-js wants an async iterable; only HTTP subscriptions would iterate, and they are refused. */
  [Symbol.asyncIterator](): AsyncIterator<RoomEventRecord> {
    throw new Error("A room event stream is piped, not iterated");
  }

  pipe(sink: (event: RoomEventRecord) => void): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.sink) return Promise.reject(new Error("A room event stream has one consumer"));
    return new Promise((resolve, reject) => {
      this.ended = { resolve, reject };
      this.sink = sink;
      this.push();
    });
  }

  async return(): Promise<void> {
    this.stopped = true;
    this.leave?.();
    this.leave = null;
    const ended = this.ended;
    this.ended = null;
    this.sink = null;
    ended?.resolve();
  }

  /** Hands the sink everything ready, synchronously, until a step reads Postgres (live events queue meanwhile). */
  private push(): void {
    const sink = this.sink;
    while (sink && !this.reading && !this.stopped) {
      const step = nextStep(this, this.live[0]);
      switch (step) {
        case "start":
          this.whileReading(() => this.start());
          return;
        case "read":
          this.whileReading(() => this.readPage(sink));
          return;
        case "wait":
          return;
        case "duplicate":
          this.live.shift();
          break;
        case "catch up":
          this.live.shift();
          this.behind = true;
          break;
        // The event past the hole stays: the read comes up to it.
        case "hole":
          this.behind = true;
          break;
        default:
          this.live.shift();
          this.handOut(sink, step);
      }
    }
  }

  /** Set before the step begins: a feed item it brings in the same turn queues behind it. */
  private whileReading(step: () => Promise<void>): void {
    this.reading = true;
    step().then(
      () => {
        this.reading = false;
        this.push();
      },
      (error: unknown) => this.fail(error),
    );
  }

  /** A sink that throws ends the stream (and never the feed's loop). */
  private handOut(sink: (event: RoomEventRecord) => void, event: RoomEventRecord): void {
    this.last = event.seq;
    try {
      sink(event);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const ended = this.ended;
    this.ended = null;
    void this.return();
    ended?.reject(error);
  }

  private receive(item: FeedItem): void {
    // The common case: the next event, with nothing queued before it, goes straight to the sink.
    if (this.sink && !this.reading && this.live.length === 0) {
      const step = nextStep(this, item);
      if (typeof step === "object") {
        this.handOut(this.sink, step);
        return;
      }
    }
    if (this.live.length >= this.options.buffer) this.live.splice(0, this.live.length, CATCH_UP);
    else this.live.push(item);
    this.push();
  }

  /** Joins the feed before reading where to start, so nothing committed in between is missed. */
  private async start(): Promise<void> {
    const leave = await this.feeds.join(this.roomId, (item) => this.receive(item));
    if (this.stopped) return leave();
    this.leave = leave;
    this.last = this.options.afterSeq ?? (await currentSeq(this.db, this.roomId));
    this.started = true;
  }

  private async readPage(sink: (event: RoomEventRecord) => void): Promise<void> {
    const page = await loadRoomEvents(this.db, this.roomId, this.last, REPLAY_PAGE);
    this.behind = behindAfterPage(page.length, REPLAY_PAGE);
    for (const event of page) if (!this.stopped) this.handOut(sink, event);
  }
}
