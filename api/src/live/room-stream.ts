import type { Database } from "../db.ts";
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
): AsyncIterableIterator<RoomEventRecord> {
  return new RoomEventStream(db, feeds, roomId, options);
}

/**
 * Pulled by its one consumer: `next()` hands out what the feed queued, reading
 * Postgres only to fill a gap. Every subscriber of a busy room runs this per
 * event, so it is a plain queue and one promise per event, not a general-purpose
 * channel.
 */
class RoomEventStream implements AsyncIterableIterator<RoomEventRecord> {
  private readonly live: FeedItem[] = [];
  private replayed: RoomEventRecord[] = [];
  /** The last sequence number handed out (or skipped as before afterSeq). */
  private last = 0;
  /** Postgres may hold events this stream has not seen: read them before the live queue. */
  private behind = true;
  private started: Promise<void> | null = null;
  private leave: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly feeds: RoomFeeds,
    private readonly roomId: string,
    private readonly options: RoomStreamOptions,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RoomEventRecord, undefined>> {
    try {
      return await this.pull();
    } catch (error) {
      // A consumer does not call return() after next() throws: leave the feed here.
      await this.return();
      throw error;
    }
  }

  private async pull(): Promise<IteratorResult<RoomEventRecord, undefined>> {
    this.started ??= this.start();
    await this.started;
    while (!this.stopped) {
      const replayed = this.replayed.shift();
      if (replayed) return this.deliver(replayed);
      if (this.behind) {
        await this.readPage();
        continue;
      }
      const item = this.live.shift();
      if (!item) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      if (item.kind === "check" || item.event.seq > this.last + 1) this.behind = true;
      else if (item.event.seq === this.last + 1) return this.deliver(item.event);
      // Older than what was delivered: already seen through Postgres.
    }
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<RoomEventRecord, undefined>> {
    this.stopped = true;
    this.leave?.();
    this.leave = null;
    this.wake?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<RoomEventRecord, undefined>> {
    await this.return();
    throw error;
  }

  /** Joins the feed before reading where to start, so nothing committed in between is missed. */
  private async start(): Promise<void> {
    const leave = await this.feeds.join(this.roomId, (item) => this.receive(item));
    if (this.stopped) return leave();
    this.leave = leave;
    this.last = this.options.afterSeq ?? (await currentSeq(this.db, this.roomId));
  }

  private receive(item: FeedItem): void {
    if (this.live.length >= this.options.buffer) this.live.splice(0, this.live.length, { kind: "check" });
    else this.live.push(item);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async readPage(): Promise<void> {
    const page = await loadRoomEvents(this.db, this.roomId, this.last, REPLAY_PAGE);
    this.replayed = page;
    if (page.length < REPLAY_PAGE) this.behind = false;
  }

  private deliver(event: RoomEventRecord): IteratorResult<RoomEventRecord, undefined> {
    this.last = event.seq;
    return { done: false, value: event };
  }
}
