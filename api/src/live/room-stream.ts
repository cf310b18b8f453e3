import type { Database } from "../db.ts";
import type { Pushable } from "./pushable.ts";
import { currentSeq, loadRoomEvents, type RoomEventRecord } from "./room-events.ts";
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
 * plain call, with no promise per event). Postgres is read only to start, to
 * fill a hole or to catch up.
 */
class RoomEventStream implements AsyncIterable<RoomEventRecord>, Pushable<RoomEventRecord> {
  private readonly live: FeedItem[] = [];
  private replayed: RoomEventRecord[] = [];
  /** The last sequence number handed out (or skipped as before afterSeq). */
  private last = 0;
  /** Postgres may hold events this stream has not seen: read them before the live queue. */
  private behind = true;
  private started: Promise<void> | null = null;
  private running = false;
  private leave: (() => void) | null = null;
  /** The consumer, how its pipe() ends, and whether a read from Postgres is under way for it. */
  private sink: ((event: RoomEventRecord) => void) | null = null;
  private ended: { resolve(): void; reject(error: unknown): void } | null = null;
  private reading = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly feeds: RoomFeeds,
    private readonly roomId: string,
    private readonly options: RoomStreamOptions,
  ) {}

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

  /**
   * The next event if it can be handed out without reading Postgres (replayed
   * first, then live); marks the stream behind at a hole.
   */
  private takeReady(): RoomEventRecord | undefined {
    if (!this.running) return undefined;
    const replayed = this.replayed.shift();
    if (replayed) return replayed;
    if (this.behind) return undefined;
    for (let item = this.live[0]; item; item = this.live[0]) {
      // A check is done by the read it starts; an event past a hole stays, the read comes up to it.
      if (item.kind === "check") this.live.shift();
      if (item.kind === "check" || item.event.seq > this.last + 1) {
        this.behind = true;
        return undefined;
      }
      this.live.shift();
      if (item.event.seq === this.last + 1) return item.event;
      // Older than what was delivered: already seen through Postgres.
    }
    return undefined;
  }

  /**
   * Hands the sink everything ready, synchronously; starting, a hole
   * or a catch-up reads Postgres first (while live events queue), then goes on.
   */
  private push(): void {
    const sink = this.sink;
    if (!sink || this.reading) return;
    for (let event = this.takeReady(); event && !this.stopped; event = this.takeReady())
      if (!this.pushOne(sink, event)) return;
    if (this.stopped || (this.running && !this.behind)) return;
    this.reading = true;
    this.catchUp().then(
      () => {
        this.reading = false;
        this.push();
      },
      (error: unknown) => this.fail(error),
    );
  }

  /** Whether the sink took it; a sink that throws ends the stream (and never the feed's loop). */
  private pushOne(sink: (event: RoomEventRecord) => void, event: RoomEventRecord): boolean {
    this.last = event.seq;
    try {
      sink(event);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private async catchUp(): Promise<void> {
    this.started ??= this.start();
    await this.started;
    if (this.behind && !this.stopped) await this.readPage();
  }

  private fail(error: unknown): void {
    const ended = this.ended;
    this.ended = null;
    void this.return();
    ended?.reject(error);
  }

  private receive(item: FeedItem): void {
    // The common case: the next event, with nothing queued or replayed before it.
    const queued = this.live.length > 0 || this.replayed.length > 0;
    const sink = this.reading || this.behind || !this.running || queued ? null : this.sink;
    if (sink && item.kind === "event" && item.event.seq === this.last + 1) {
      this.pushOne(sink, item.event);
      return;
    }
    if (this.live.length >= this.options.buffer) this.live.splice(0, this.live.length, { kind: "check" });
    else this.live.push(item);
    this.push();
  }

  /** Joins the feed before reading where to start, so nothing committed in between is missed. */
  private async start(): Promise<void> {
    const leave = await this.feeds.join(this.roomId, (item) => this.receive(item));
    if (this.stopped) return leave();
    this.leave = leave;
    this.last = this.options.afterSeq ?? (await currentSeq(this.db, this.roomId));
    this.running = true;
  }

  private async readPage(): Promise<void> {
    const page = await loadRoomEvents(this.db, this.roomId, this.last, REPLAY_PAGE);
    this.replayed = page;
    if (page.length < REPLAY_PAGE) this.behind = false;
  }
}
