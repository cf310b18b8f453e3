import { computed, type Ref, readonly, shallowRef } from "vue";
import { sanctionOf, type ViewerSanction } from "../chat/sanction.ts";
import {
  type AppealState,
  applyEvent,
  type ChatMessage,
  emptyTimeline,
  mergeHistory,
  type RoomEvent,
  upsertMessage,
  withAppeal,
} from "../chat/timeline.ts";
import { RoomEventsDocument, RoomHistoryDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { useOnline } from "./useOnline.ts";
import { type PageAnswer, usePagedConnection } from "./usePagedConnection.ts";
import { type StreamState, useResubscribing } from "./useResubscribing.ts";

/**
 * How far openAt goes back, in pages. Pages keep the usual size: a page of whole messages costs
 * about 50 of the API's cost limit per message (MAX_COST), so a larger one would be refused.
 */
const JUMP_PAGES = 50;

/** The stream's state, except that a room is loading (its newest page, then the stream) rather than connecting. */
export type TimelineState = Exclude<StreamState, "connecting"> | "loading";

/** A page of the room's history; the room comes with it, for the lastSeq read before the newest page. */
type HistoryAnswer = PageAnswer<ChatMessage> & { room?: { lastSeq: number } | null | undefined };

export type RoomTimelineOptions = {
  transport?: ChatTransport;
  online?: Ref<boolean>;
  pageSize?: number;
  /** Each room event once it is applied (e.g. to announce new messages), with the message as it was before, if known. */
  onEvent?: (event: RoomEvent, before: ChatMessage | undefined) => void;
  /** The stream was refused because of a sanction (a ban): it stops, and the room's page says why. */
  onSanction?: (sanction: ViewerSanction) => void;
};

/**
 * One room, live: the newest page of history, then every room event after the
 * page's `lastSeq`, applied by message id. Whenever the stream stops (a drop, a
 * restarted replica, 4503 for a slow reader) it resubscribes with
 * afterSeq = the last seq applied, so each missed event arrives once, in order.
 */
export function useRoomTimeline(roomId: string, options: RoomTimelineOptions = {}) {
  const transport = options.transport ?? useTransport();
  const pageSize = options.pageSize ?? 40;

  const timeline = shallowRef(emptyTimeline());
  /** Whether the newest page is in (false again after a reload): older pages follow it. */
  let loaded = false;
  /** The seq of the last event applied for each message (see expectAnswer). */
  const lastEventOf = new Map<string, number>();

  const history = usePagedConnection<ChatMessage, HistoryAnswer>({
    fetchPage: async (after) => {
      const result = await transport.client.query(RoomHistoryDocument, { roomId, first: pageSize, after }).toPromise();
      return { page: result.data?.room?.messages, error: result.error, room: result.data?.room };
    },
  });

  const stream = useResubscribing(
    RoomEventsDocument,
    () => ({ roomId, afterSeq: timeline.value.lastSeq }),
    {
      prepare: loadNewestPage,
      onData: (data) => receive(data.roomEvents),
      onRefused: (failure) => {
        if (failure.graphQLErrors.some((refusal) => refusal.extensions["field"] === "afterSeq")) return reload();
        const sanction = sanctionOf(failure);
        if (sanction) options.onSanction?.(sanction);
        return "stop";
      },
    },
    { transport, online: options.online ?? useOnline() },
  );

  /** Resolves with why the room cannot be shown, or null; rejects when the network failed (tried again). */
  async function loadNewestPage(): Promise<string | null> {
    const answer = await history.refresh();
    if (!answer || (answer.error && answer.error.graphQLErrors.length === 0)) throw new Error("No answer.");
    if (!answer.room) return answer.error ? describeError(answer.error) : "This room does not exist.";
    // lastSeq is read before the page: resuming after it may repeat a message, never miss one.
    timeline.value = mergeHistory(emptyTimeline(answer.room.lastSeq), history.items.value);
    loaded = true;
    return null;
  }

  function receive(event: RoomEvent): void {
    const applied = applyEvent(timeline.value, event);
    if (applied.outcome === "gap") {
      stream.listen(); // the server replays everything after our last seq
    } else if (applied.outcome === "applied") {
      const before = options.onEvent ? timeline.value.messages.find((each) => each.id === event.message.id) : undefined;
      timeline.value = applied.timeline;
      lastEventOf.set(event.message.id, event.seq);
      options.onEvent?.(event, before);
    }
  }

  /** A message's appeal as it stands now (live events do not carry it: it is the viewer's own). */
  function setAppeal(messageId: string, appeal: AppealState): void {
    timeline.value = withAppeal(timeline.value, messageId, appeal);
  }

  /** The room is behind what we saw (its database was restored): start again from its newest page. */
  function reload(): "restart" {
    loaded = false;
    timeline.value = emptyTimeline();
    lastEventOf.clear();
    return "restart";
  }

  /** Older pages join as the newest did: a message's copy from an event is newer than a page's, so it stays. */
  async function loadOlder(): Promise<void> {
    if (!loaded) return;
    await history.loadMore();
    timeline.value = mergeHistory(timeline.value, history.items.value);
  }

  /**
   * Loads older pages until the message at `seq` is in (a reply's original, a search hit), at most
   * JUMP_PAGES pages: resolves whether it is. The history stays one unbroken stretch from
   * there to the live end, so live events, gap detection and paging older go on as before; a window
   * around the message alone would need a second, disjoint stretch to join up later. Beyond the cap
   * (thousands of messages back) it gives up rather than load without end.
   */
  async function openAt(seq: number): Promise<boolean> {
    const reached = () => (timeline.value.messages[0]?.seq ?? Number.POSITIVE_INFINITY) <= seq;
    if (!loaded) return false;
    for (let page = 0; !reached() && history.hasMore.value && page < JUMP_PAGES; page++) {
      const before = history.items.value.length;
      await loadOlder();
      if (history.items.value.length === before) break; // refused or failed: the error shows
    }
    // Past the room's start (its first messages are hidden from this viewer, say): it is as far back as can be.
    return reached() || (!history.hasMore.value && timeline.value.messages.length > 0);
  }

  /**
   * Called as a mutation is sent; the function it returns puts the message the
   * mutation answers with in place at once (its own event may come later). An
   * answer that arrives after an event about the same message is dropped: that
   * event may be newer (a verdict on the edited text), and if it is older, the
   * mutation's own event follows it. So a late answer never undoes live state.
   */
  function expectAnswer(): (message: ChatMessage) => void {
    const sentAt = timeline.value.lastSeq;
    return (message) => {
      if ((lastEventOf.get(message.id) ?? 0) > sentAt) return;
      timeline.value = { ...timeline.value, messages: upsertMessage(timeline.value.messages, message) };
    };
  }

  return {
    state: computed<TimelineState>(() => (stream.state.value === "connecting" ? "loading" : stream.state.value)),
    error: stream.error,
    messages: computed(() => timeline.value.messages),
    lastSeq: computed(() => timeline.value.lastSeq),
    hasOlder: readonly(history.hasMore),
    loadingOlder: readonly(history.loadingMore),
    loadOlder,
    openAt,
    expectAnswer,
    setAppeal,
    dispose: stream.dispose,
  };
}
