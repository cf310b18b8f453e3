import type { CombinedError, OperationResult } from "@urql/core";
import { computed, getCurrentScope, onScopeDispose, type Ref, readonly, ref, shallowRef, watch } from "vue";
import { onEnd, pipe, subscribe } from "wonka";
import { actionForClose, retryDelay } from "../chat/reconnect.ts";
import {
  applyEvent,
  type ChatMessage,
  emptyTimeline,
  mergeHistory,
  type RoomEvent,
  upsertMessage,
} from "../chat/timeline.ts";
import { RoomEventsDocument, type RoomEventsSubscription, RoomHistoryDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { closeCode, describeError } from "../graphql/errors.ts";
import { useOnline } from "./useOnline.ts";

/**
 * - loading: the first page and the subscription are on their way
 * - live: subscribed; events arrive as they happen
 * - reconnecting: the stream stopped; resubscribing after the last seq seen
 * - offline: the browser has no network; resumes when it is back
 * - error: cannot go on (not a member, no such room, session ended); see `error`
 */
export type TimelineState = "loading" | "live" | "reconnecting" | "offline" | "error";

export type RoomTimelineOptions = {
  transport?: ChatTransport;
  online?: Ref<boolean>;
  pageSize?: number;
  /** Each room event once it is applied (e.g. to announce new messages). */
  onEvent?: (event: RoomEvent) => void;
};

/**
 * One room, live: the newest page of history, then every room event after the
 * page's `lastSeq`, applied by message id. Whenever the stream stops (a drop, a
 * restarted replica, 4503 for a slow reader) it resubscribes with
 * afterSeq = the last seq applied, so each missed event arrives once, in order.
 */
export function useRoomTimeline(roomId: string, options: RoomTimelineOptions = {}) {
  const { client, isConnected, onConnected, dropConnection } = options.transport ?? useTransport();
  const online = options.online ?? useOnline();
  const pageSize = options.pageSize ?? 40;

  const state = ref<TimelineState>("loading");
  const error = ref<string | null>(null);
  const timeline = shallowRef(emptyTimeline());
  const hasOlder = ref(false);
  const loadingOlder = ref(false);
  let olderCursor: string | null = null;
  let loaded = false;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The live subscription; callbacks of a replaced one are ignored. */
  let current: { unsubscribe(): void } | null = null;
  /** The seq of the last event applied for each message (see expectAnswer). */
  const lastEventOf = new Map<string, number>();

  async function load(): Promise<void> {
    const result = await client.query(RoomHistoryDocument, { roomId, first: pageSize }).toPromise();
    if (stopped) return;
    const room = result.data?.room;
    if (result.error && result.error.graphQLErrors.length === 0) {
      resume(undefined); // the network failed: try again
      return;
    }
    if (!room) {
      giveUp(result.error ? describeError(result.error) : "This room does not exist.");
      return;
    }
    // lastSeq is read before the page: resuming after it may repeat a message, never miss one.
    const page = room.messages.edges.map((edge) => edge.node);
    timeline.value = mergeHistory(emptyTimeline(room.lastSeq), page);
    hasOlder.value = room.messages.pageInfo.hasNextPage;
    olderCursor = room.messages.pageInfo.endCursor;
    loaded = true;
    listen();
  }

  function listen(): void {
    dropSubscription();
    if (isConnected()) markLive();
    let failed = false;
    const subscription = pipe(
      client.subscription(RoomEventsDocument, { roomId, afterSeq: timeline.value.lastSeq }),
      onEnd(() => {
        // Ended by the server without an error: resume all the same.
        if (!failed && current === subscription && !stopped) resume(undefined);
      }),
      subscribe((result: OperationResult<RoomEventsSubscription>) => {
        if (current !== subscription || stopped) return;
        if (result.error) {
          failed = true;
          fail(result.error);
        } else if (result.data) {
          receive(result.data.roomEvents);
        }
      }),
    );
    current = subscription;
  }

  function receive(event: RoomEvent): void {
    markLive();
    const applied = applyEvent(timeline.value, event);
    if (applied.outcome === "gap") {
      listen(); // the server replays everything after our last seq
    } else if (applied.outcome === "applied") {
      timeline.value = applied.timeline;
      lastEventOf.set(event.message.id, event.seq);
      options.onEvent?.(event);
    }
  }

  function fail(failure: CombinedError): void {
    const code = closeCode(failure);
    if (failure.graphQLErrors.some((refusal) => refusal.extensions["field"] === "afterSeq")) reload();
    else if (failure.graphQLErrors.length > 0) giveUp(describeError(failure));
    else if (actionForClose(code) === "sign-in-again") giveUp("Your session has ended.");
    else resume(code);
  }

  function resume(code: number | undefined): void {
    dropSubscription();
    clearTimeout(retryTimer);
    if (stopped) return;
    if (!online.value) {
      state.value = "offline"; // the online watcher resumes
      return;
    }
    state.value = loaded ? "reconnecting" : "loading";
    const delay = actionForClose(code) === "resume-now" ? retryDelay(0) : retryDelay(attempt++);
    retryTimer = setTimeout(() => (loaded ? listen() : void load().catch(() => resume(undefined))), delay);
  }

  /** The room is behind what we saw (its database was restored): start again from its newest page. */
  function reload(): void {
    loaded = false;
    timeline.value = emptyTimeline();
    lastEventOf.clear();
    resume(undefined);
  }

  function giveUp(message: string): void {
    state.value = "error";
    error.value = message;
    clearTimeout(retryTimer);
    dropSubscription();
  }

  function markLive(): void {
    if (state.value === "error") return;
    state.value = "live";
    attempt = 0;
  }

  function dropSubscription(): void {
    const previous = current;
    current = null;
    previous?.unsubscribe();
  }

  async function loadOlder(): Promise<void> {
    if (!hasOlder.value || loadingOlder.value || !loaded) return;
    loadingOlder.value = true;
    try {
      const result = await client
        .query(RoomHistoryDocument, { roomId, first: pageSize, after: olderCursor })
        .toPromise();
      const page = result.data?.room?.messages;
      if (!page || stopped) return;
      timeline.value = mergeHistory(
        timeline.value,
        page.edges.map((edge) => edge.node),
      );
      hasOlder.value = page.pageInfo.hasNextPage;
      olderCursor = page.pageInfo.endCursor;
    } finally {
      loadingOlder.value = false;
    }
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

  const unlisten = onConnected(() => {
    if (current) markLive();
  });
  watch(online, (isOnline) => {
    if (stopped || state.value === "error") return;
    attempt = 0;
    if (isOnline) {
      resume(undefined);
      return;
    }
    state.value = "offline";
    clearTimeout(retryTimer);
    dropConnection(); // a socket can look open long after the network is gone
  });

  function dispose(): void {
    stopped = true;
    clearTimeout(retryTimer);
    dropSubscription();
    unlisten();
  }
  if (getCurrentScope()) onScopeDispose(dispose);

  void load().catch(() => resume(undefined));

  return {
    state: readonly(state),
    error: readonly(error),
    messages: computed(() => timeline.value.messages),
    lastSeq: computed(() => timeline.value.lastSeq),
    hasOlder: readonly(hasOlder),
    loadingOlder: readonly(loadingOlder),
    loadOlder,
    expectAnswer,
    dispose,
  };
}

export type RoomTimeline = ReturnType<typeof useRoomTimeline>;
