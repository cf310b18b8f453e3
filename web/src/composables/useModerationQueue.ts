import type { Client } from "@urql/core";
import { computed, getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { ModerateMessagesDocument, type ModerationAction, ModerationQueueDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import {
  appendPage,
  applyQueueEvent,
  keepSelected,
  type ModerationEvent,
  type QueueFilter,
  type ReviewMessage,
  toggleSelected,
} from "../moderation/queue.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";

export const QUEUE_PAGE = 50;

export type Decided = { messages: ReviewMessage[]; error: null } | { messages: null; error: string };

/** Approve, reject or restore messages: all of them or none, with the API's reason in words when it refuses. */
export async function moderateMessages(
  client: Client,
  messageIds: readonly string[],
  action: ModerationAction,
  reason: string,
): Promise<Decided> {
  const result = await client
    .mutation(ModerateMessagesDocument, { input: { messageIds: [...messageIds], action, reason: reason.trim() } })
    .toPromise()
    .catch(() => null);
  const messages = result?.data?.moderateMessages;
  return messages ? { messages, error: null } : { messages: null, error: describeError(result?.error) };
}

export type ModerationQueueOptions = {
  transport?: ChatTransport;
  events?: ModerationEvents | null;
  pageSize?: number;
  /**
   * A quiet reload now and then, while the whole queue is loaded: the API publishes no event
   * when a message is held by pre-moderation, and the stream may miss one while it starts.
   */
  refreshEveryMs?: number;
};

/**
 * One review queue (a status, optionally one room), oldest first, kept current
 * by the moderation stream: new flags and reports join it, decisions (anyone's)
 * take messages out. Selection is by message id and survives live changes.
 */
export function useModerationQueue(filter: MaybeRefOrGetter<QueueFilter>, options: ModerationQueueOptions = {}) {
  const { client } = options.transport ?? useTransport();
  const pageSize = options.pageSize ?? QUEUE_PAGE;
  const items = shallowRef<ReviewMessage[]>([]);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const hasMore = ref(false);
  const selected = ref<string[]>([]);
  const busy = ref(false);
  let cursor: string | null = null;
  /** Answers to an older request (the filter changed meanwhile) are dropped. */
  let generation = 0;

  async function fetchPage(after: string | null) {
    const { status, roomId } = toValue(filter);
    return client.query(ModerationQueueDocument, { status, roomId, first: pageSize, after }).toPromise();
  }

  /** Loads the first page again; quiet reloads keep the list on screen meanwhile. */
  async function refresh(quiet = false): Promise<void> {
    const mine = ++generation;
    if (!quiet) {
      loading.value = true;
      items.value = [];
      selected.value = [];
    }
    const result = await fetchPage(null).catch(() => null);
    if (mine !== generation) return;
    loading.value = false;
    const page = result?.data?.moderationQueue;
    if (!page) {
      error.value = describeError(result?.error);
      return;
    }
    error.value = null;
    set(page.edges.map((edge) => edge.node));
    hasMore.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  async function loadMore(): Promise<void> {
    if (!hasMore.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    const result = await fetchPage(cursor).catch(() => null);
    loadingMore.value = false;
    if (mine !== generation) return;
    const page = result?.data?.moderationQueue;
    if (!page) {
      error.value = describeError(result?.error);
      return;
    }
    set(
      appendPage(
        items.value,
        page.edges.map((edge) => edge.node),
      ),
    );
    hasMore.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  function set(next: ReviewMessage[]): void {
    items.value = next;
    selected.value = keepSelected(selected.value, next);
  }

  function apply(event: Pick<ModerationEvent, "kind" | "message">): void {
    set(applyQueueEvent(items.value, event, toValue(filter), !hasMore.value));
  }

  /** Decides on the selected messages; returns an error in words, or null. */
  async function decide(action: ModerationAction, reason: string): Promise<string | null> {
    const ids = selected.value;
    if (ids.length === 0 || busy.value) return null;
    busy.value = true;
    const outcome = await moderateMessages(client, ids, action, reason);
    busy.value = false;
    if (outcome.error !== null) return outcome.error;
    for (const message of outcome.messages) apply({ kind: "DECISION", message });
    selected.value = [];
    return null;
  }

  const allSelected = computed(() => items.value.length > 0 && selected.value.length === items.value.length);

  function select(id: string, on: boolean): void {
    selected.value = toggleSelected(selected.value, id, on);
  }

  function selectAll(on: boolean): void {
    selected.value = on ? items.value.map((item) => item.id) : [];
  }

  options.events?.onEvent(apply);
  options.events?.onResume(() => void refresh(true));
  const timer = setInterval(() => {
    if (!hasMore.value && !loading.value && !busy.value) void refresh(true);
  }, options.refreshEveryMs ?? 20_000);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  watch(
    () => JSON.stringify(toValue(filter)),
    () => void refresh(),
    { immediate: true },
  );

  return {
    items,
    loading,
    loadingMore,
    error,
    hasMore,
    selected,
    allSelected,
    busy,
    refresh,
    loadMore,
    apply,
    decide,
    select,
    selectAll,
  };
}
