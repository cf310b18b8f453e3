import { getCurrentScope, type InjectionKey, inject, onScopeDispose, shallowRef } from "vue";
import { ModerationEventsDocument } from "../gql/graphql.ts";
import type { ChatTransport } from "../graphql/client.ts";
import { type FeedEntry, pushFeed } from "../moderation/feed.ts";
import { isMessageEvent, type ModerationEvent, type PersonEvent } from "../moderation/queue.ts";
import { useResubscribing } from "./useResubscribing.ts";

export type ModerationEventsOptions = { transport?: ChatTransport; gatherMs?: number };

/**
 * How long a decision's event waits before it enters the feed. A bulk decision's events arrive one by one
 * within milliseconds: gathered, they enter as one entry, and the feed (a live region) announces it once,
 * as "alice rejected 3 messages", not as its first message.
 */
export const FEED_GATHER_MS = 150;

type Listener = (event: ModerationEvent) => void;
type PersonListener = (event: PersonEvent) => void;

/**
 * The moderators' live stream (flags, reports, decisions; sanctions and appeals),
 * one subscription for the whole dashboard. Panels listen with `onEvent` (messages)
 * or `onPersonEvent` (people); when the stream comes back
 * after a drop, `onResume` listeners reload (events in between are not replayed).
 */
export function useModerationEvents(options: ModerationEventsOptions = {}) {
  const feed = shallowRef<FeedEntry[]>([]);
  const listeners = new Set<Listener>();
  const personListeners = new Set<PersonListener>();
  const resumeListeners = new Set<() => void>();
  let gathered: ModerationEvent[] = [];
  let gathering: ReturnType<typeof setTimeout> | undefined;

  function addGathered(): void {
    gathering = undefined;
    feed.value = gathered.reduce(pushFeed, feed.value);
    gathered = [];
  }

  const stream = useResubscribing(
    ModerationEventsDocument,
    () => ({}),
    {
      onData: ({ moderationEvents: event }) => {
        // Sanctions and appeals (no message) go to the panels about people; the rest to the queue and the feed.
        if (!isMessageEvent(event)) {
          for (const listener of personListeners) listener(event);
          return;
        }
        // The panels act at once; only the feed's entry waits for the rest of its decision (and what
        // comes meanwhile waits behind it, in order).
        for (const listener of listeners) listener(event);
        if (event.kind !== "DECISION" && gathering === undefined) {
          feed.value = pushFeed(feed.value, event);
          return;
        }
        gathered.push(event);
        gathering ??= setTimeout(addGathered, options.gatherMs ?? FEED_GATHER_MS);
      },
      onResumed: () => {
        for (const listener of resumeListeners) listener();
      },
    },
    options,
  );

  if (getCurrentScope()) onScopeDispose(() => clearTimeout(gathering));

  /** Registers a listener for as long as the caller's scope lives. */
  function on<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    const off = () => void set.delete(listener);
    if (getCurrentScope()) onScopeDispose(off);
    return off;
  }

  return {
    state: stream.state,
    error: stream.error,
    feed,
    onEvent: (listener: Listener) => on(listeners, listener),
    onPersonEvent: (listener: PersonListener) => on(personListeners, listener),
    onResume: (listener: () => void) => on(resumeListeners, listener),
    dispose: stream.dispose,
  };
}

export type ModerationEvents = ReturnType<typeof useModerationEvents>;

/** The dashboard provides its one stream to the panels. */
export const moderationEventsKey: InjectionKey<ModerationEvents> = Symbol("moderation events");

export function injectModerationEvents(): ModerationEvents | null {
  return inject(moderationEventsKey, null);
}
