import { computed, type InjectionKey, inject, type Ref, ref, shallowRef, watch } from "vue";
import { markAllRead, mergeNotices, type Notice } from "../chat/notices.ts";
import { MarkNoticesReadDocument, NewNoticesDocument, NoticesDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import { type StreamState, useResubscribing } from "./useResubscribing.ts";

/** Nobody is signed in (no subscription), or the stream's own state. */
export type NoticesState = "signed-out" | StreamState;

/** How many a page of notices holds. */
const PAGE = 20;
/** Toasts shown at once: the oldest gives way. */
const TOASTS_AT_ONCE = 3;

export type NoticesOptions = {
  signedIn: () => boolean;
  transport?: ChatTransport;
  online?: Ref<boolean>;
};

/**
 * The signed-in person's notices (what moderation did to them): one `notices`
 * subscription for the whole app, their unread ones read on start (and after a
 * drop, since notices are not replayed: those that came meanwhile arrive then),
 * the unread count for the header, and the new ones as toasts. Pages that care
 * (a room, about its sanction) listen with `onNotice`.
 */
export function useNotices(options: NoticesOptions) {
  const { client } = options.transport ?? useTransport();
  const notices = shallowRef<Notice[]>([]);
  const unread = ref(0);
  /** New notices, oldest first, until dismissed. */
  const toasts = shallowRef<Notice[]>([]);
  const error = ref<string | null>(null);
  const listeners = new Set<(notice: Notice) => void>();
  /** Every notice known this session, so each arrives once, live or in a reload. */
  const seen = new Set<string>();
  /** Read or marked since this many sign-ins: an answer for an earlier session is dropped. */
  let session = 0;

  const stream = useResubscribing(
    NewNoticesDocument,
    () => (options.signedIn() ? {} : null),
    {
      onData: (data) => arrive(data.notices),
      // Missed while the stream was down: they come with the reload, as new.
      onResumed: () => void load({ announce: true }),
    },
    { transport: options.transport, online: options.online },
  );

  /** Reads the unread ones (or all the newest: `all`); with `announce`, unread ones not seen yet arrive as new. */
  async function load({ all = false, announce = false } = {}): Promise<void> {
    const asked = session;
    const result = await client.query(NoticesDocument, { first: PAGE, unreadOnly: !all }).toPromise();
    if (asked !== session || !options.signedIn()) return;
    if (!result.data) {
      error.value = describeError(result.error);
      return;
    }
    error.value = null;
    const page = result.data.notices.edges.map((edge) => edge.node);
    const fresh = announce ? page.filter((notice) => !seen.has(notice.id) && !notice.readAt) : [];
    for (const notice of page) seen.add(notice.id);
    notices.value = mergeNotices(notices.value, page);
    unread.value = Math.max(result.data.unreadNoticeCount, unreadHeld());
    for (const notice of fresh.reverse()) tell(notice);
  }

  const unreadHeld = () => notices.value.filter((notice) => !notice.readAt).length;

  function arrive(notice: Notice): void {
    if (seen.has(notice.id)) return;
    seen.add(notice.id);
    notices.value = mergeNotices(notices.value, [notice]);
    if (!notice.readAt) unread.value += 1;
    tell(notice);
  }

  function tell(notice: Notice): void {
    toasts.value = [...toasts.value, notice].slice(-TOASTS_AT_ONCE);
    for (const listener of listeners) listener(notice);
  }

  /** Marks every notice read; resolves with the error in words, or null. */
  async function markRead(): Promise<string | null> {
    const asked = session;
    const result = await client.mutation(MarkNoticesReadDocument, {}).toPromise();
    if (asked !== session) return null;
    if (result.error) return describeError(result.error);
    notices.value = markAllRead(notices.value, new Date().toISOString());
    unread.value = 0;
    return null;
  }

  /** Takes a toast away (the list keeps the notice); without an id, all of them (the list is open). */
  function dismiss(noticeId?: string): void {
    toasts.value = noticeId === undefined ? [] : toasts.value.filter((notice) => notice.id !== noticeId);
  }

  /** Calls `listener` with each new notice; returns the function that stops it. */
  function onNotice(listener: (notice: Notice) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  // Another person (or nobody) now: what the last one was told goes, and the stream follows.
  watch(options.signedIn, (signedIn) => {
    session += 1;
    seen.clear();
    notices.value = [];
    toasts.value = [];
    unread.value = 0;
    error.value = null;
    stream.listen(); // subscribes, or (signed out) stops
    if (signedIn) void load();
  });
  if (options.signedIn()) void load();

  return {
    state: computed<NoticesState>(() => (options.signedIn() ? stream.state.value : "signed-out")),
    notices,
    unread,
    toasts,
    error,
    load,
    markRead,
    dismiss,
    onNotice,
  };
}

export type Notices = ReturnType<typeof useNotices>;

/** The app's notices (App.vue provides them); a page outside the app (a test) may have none. */
export const noticesKey: InjectionKey<Notices> = Symbol("notices");

export function injectNotices(): Notices | null {
  return inject(noticesKey, null);
}
