// How one subscriber's stream follows its room's sequence, decided by plain functions so the
// rules are tested without Postgres or Redis; room-stream.ts does the reading and the handing out.
import type { RoomEventRecord } from "./room-events.ts";
import type { FeedItem } from "./room-feeds.ts";

/** What a stream knows of its place in the room's sequence. */
export type StreamState = {
  /** It has joined the room's feed and knows where it starts. */
  readonly started: boolean;
  /** The last seq handed out (or skipped, as at or before afterSeq). */
  readonly last: number;
  /**
   * Postgres may hold events after `last` that the stream has not seen: they come before live ones.
   * A stream starts behind: it joins the feed first, so what was committed meanwhile is in Postgres only.
   */
  readonly behind: boolean;
};

export type Step =
  /** Join the feed, then learn where to start (afterSeq, or the room's last seq: "from now on"). */
  | "start"
  /** Read the next page after `last` from Postgres; live items wait. */
  | "read"
  /** Nothing to do until the feed brings something. */
  | "wait"
  /** The first live item is at or before `last` (it was read from Postgres meanwhile): drop it. */
  | "duplicate"
  /** Events are missing before the first live item: read them, and keep it for after. */
  | "hole"
  /** The first live item is a check (the feed's, or an overflow's): drop it and read Postgres. */
  | "catch up"
  /** The next event: hand it out. */
  | RoomEventRecord;

/** What a stream does next, given the first live item it holds (or one that just arrived). */
export function nextStep(state: StreamState, first: FeedItem | undefined): Step {
  if (!state.started) return "start";
  if (state.behind) return "read";
  if (!first) return "wait";
  if (first.kind === "check") return "catch up";
  const { seq } = first.event;
  if (seq === state.last + 1) return first.event;
  return seq <= state.last ? "duplicate" : "hole";
}

/** After a page from Postgres: a full one may have more after it, a short one is where the feed takes over. */
export function behindAfterPage(pageLength: number, pageSize: number): boolean {
  return pageLength >= pageSize;
}
