import type { CombinedError, OperationResult } from "@urql/core";
import { getCurrentScope, type InjectionKey, inject, onScopeDispose, readonly, ref, shallowRef } from "vue";
import { onEnd, pipe, subscribe } from "wonka";
import { actionForClose, retryDelay } from "../chat/reconnect.ts";
import { ModerationEventsDocument, type ModerationEventsSubscription } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { closeCode, describeError } from "../graphql/errors.ts";
import { type FeedEntry, pushFeed } from "../moderation/feed.ts";
import type { ModerationEvent } from "../moderation/queue.ts";

/** connecting → live; reconnecting after a drop (lists reload once back); error: cannot go on. */
export type ModerationEventsState = "connecting" | "live" | "reconnecting" | "error";

export type ModerationEventsOptions = { transport?: ChatTransport };

type Listener = (event: ModerationEvent) => void;

/**
 * The moderators' live stream (flags, reports, decisions), one subscription for
 * the whole dashboard. Panels listen with `onEvent`; when the stream comes back
 * after a drop, `onResume` listeners reload (events in between are not replayed).
 */
export function useModerationEvents(options: ModerationEventsOptions = {}) {
  const { client, isConnected, onConnected } = options.transport ?? useTransport();
  const state = ref<ModerationEventsState>("connecting");
  const error = ref<string | null>(null);
  const feed = shallowRef<FeedEntry[]>([]);
  const listeners = new Set<Listener>();
  const resumeListeners = new Set<() => void>();
  let current: { unsubscribe(): void } | null = null;
  let stopped = false;
  let attempt = 0;
  let dropped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function listen(): void {
    drop();
    if (isConnected()) markLive();
    let failed = false;
    const subscription = pipe(
      client.subscription(ModerationEventsDocument, {}),
      onEnd(() => {
        if (!failed && current === subscription && !stopped) retry(undefined);
      }),
      subscribe((result: OperationResult<ModerationEventsSubscription>) => {
        if (current !== subscription || stopped) return;
        if (result.error) {
          failed = true;
          fail(result.error);
        } else if (result.data) {
          receive(result.data.moderationEvents);
        }
      }),
    );
    current = subscription;
  }

  function receive(event: ModerationEvent): void {
    markLive();
    feed.value = pushFeed(feed.value, event);
    for (const listener of listeners) listener(event);
  }

  function fail(failure: CombinedError): void {
    const code = closeCode(failure);
    if (failure.graphQLErrors.length > 0 || actionForClose(code) === "sign-in-again") {
      state.value = "error";
      error.value = failure.graphQLErrors.length > 0 ? describeError(failure) : "Your session has ended.";
      drop();
      return;
    }
    retry(code);
  }

  function retry(code: number | undefined): void {
    drop();
    clearTimeout(retryTimer);
    if (stopped) return;
    state.value = "reconnecting";
    dropped = true;
    const delay = actionForClose(code) === "resume-now" ? retryDelay(0) : retryDelay(attempt++);
    retryTimer = setTimeout(listen, delay);
  }

  function markLive(): void {
    if (state.value === "error") return;
    state.value = "live";
    attempt = 0;
    if (dropped) {
      dropped = false;
      for (const listener of resumeListeners) listener();
    }
  }

  function drop(): void {
    const previous = current;
    current = null;
    previous?.unsubscribe();
  }

  const unlisten = onConnected(() => {
    if (current) markLive();
  });

  function dispose(): void {
    stopped = true;
    clearTimeout(retryTimer);
    drop();
    unlisten();
  }
  if (getCurrentScope()) onScopeDispose(dispose);
  listen();

  /** Registers a listener for as long as the caller's scope lives. */
  function on<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    const off = () => void set.delete(listener);
    if (getCurrentScope()) onScopeDispose(off);
    return off;
  }

  return {
    state: readonly(state),
    error: readonly(error),
    feed,
    onEvent: (listener: Listener) => on(listeners, listener),
    onResume: (listener: () => void) => on(resumeListeners, listener),
    dispose,
  };
}

export type ModerationEvents = ReturnType<typeof useModerationEvents>;

/** The dashboard provides its one stream to the panels. */
export const moderationEventsKey: InjectionKey<ModerationEvents> = Symbol("moderation events");

export function injectModerationEvents(): ModerationEvents | null {
  return inject(moderationEventsKey, null);
}
