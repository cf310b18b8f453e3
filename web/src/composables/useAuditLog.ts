import { computed, getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, shallowRef, toValue, watch } from "vue";
import { ModerationDecisionsDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";
import {
  type AuditDecision,
  mergeNewest,
  messageIdsOf,
  restorableDecisions,
  updateMessage,
} from "../moderation/audit.ts";
import { appendPage, keepSelected, toggleSelected } from "../moderation/queue.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";
import { moderateMessages } from "./useModerationQueue.ts";

export const AUDIT_PAGE = 50;

export type AuditLogOptions = { transport?: ChatTransport; events?: ModerationEvents | null; pageSize?: number };

/**
 * The audit log (newest first), optionally for one room. New decisions appear
 * on top as the moderation stream reports them; rejected messages are restored
 * from here, several at once. Selection is by decision id.
 */
export function useAuditLog(roomId: MaybeRefOrGetter<string | null>, options: AuditLogOptions = {}) {
  const { client } = options.transport ?? useTransport();
  const pageSize = options.pageSize ?? AUDIT_PAGE;
  const decisions = shallowRef<AuditDecision[]>([]);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const hasMore = ref(false);
  const selected = ref<string[]>([]);
  const busy = ref(false);
  let cursor: string | null = null;
  let generation = 0;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const restorable = computed(() => restorableDecisions(decisions.value));

  const fetchPage = (after: string | null) =>
    client
      .query(ModerationDecisionsDocument, { roomId: toValue(roomId), first: pageSize, after })
      .toPromise()
      .catch(() => null);

  async function refresh(quiet = false): Promise<void> {
    const mine = ++generation;
    if (!quiet) {
      loading.value = true;
      decisions.value = [];
      selected.value = [];
    }
    const result = await fetchPage(null);
    if (mine !== generation) return;
    loading.value = false;
    const page = result?.data?.moderationDecisions;
    if (!page) {
      error.value = describeError(result?.error);
      return;
    }
    error.value = null;
    const nodes = page.edges.map((edge) => edge.node);
    // A quiet reload keeps the pages already loaded and adds what is new on top.
    set(quiet ? mergeNewest(decisions.value, nodes) : nodes);
    if (!quiet || !cursor) {
      hasMore.value = page.pageInfo.hasNextPage;
      cursor = page.pageInfo.endCursor ?? null;
    }
  }

  async function loadMore(): Promise<void> {
    if (!hasMore.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    const result = await fetchPage(cursor);
    loadingMore.value = false;
    if (mine !== generation) return;
    const page = result?.data?.moderationDecisions;
    if (!page) {
      error.value = describeError(result?.error);
      return;
    }
    set(
      appendPage(
        decisions.value,
        page.edges.map((edge) => edge.node),
      ),
    );
    hasMore.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  function set(next: AuditDecision[]): void {
    decisions.value = next;
    const offered = restorableDecisions(next);
    selected.value = keepSelected(
      selected.value,
      next.filter((each) => offered.has(each.id)),
    );
  }

  /** Restores the selected decisions' messages; returns an error in words, or null. */
  async function restore(reason: string): Promise<string | null> {
    const ids = messageIdsOf(decisions.value, selected.value);
    if (ids.length === 0 || busy.value) return null;
    busy.value = true;
    const outcome = await moderateMessages(client, ids, "RESTORE", reason);
    busy.value = false;
    if (outcome.error !== null) return outcome.error;
    let next = decisions.value;
    for (const message of outcome.messages) next = updateMessage(next, message);
    set(next);
    selected.value = [];
    scheduleRefresh(); // the restore's own decisions join the log
    return null;
  }

  /** Several events in a burst (a bulk decision) make one reload. */
  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refresh(true), 300);
  }

  options.events?.onEvent((event) => {
    const room = toValue(roomId);
    set(updateMessage(decisions.value, event.message));
    if (event.kind !== "REPORTED" && (!room || event.message.roomId === room)) scheduleRefresh();
  });
  options.events?.onResume(() => void refresh(true));
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(refreshTimer));
  watch(
    () => toValue(roomId),
    () => void refresh(),
    { immediate: true },
  );

  return {
    decisions,
    restorable,
    loading,
    loadingMore,
    error,
    hasMore,
    selected,
    busy,
    refresh,
    loadMore,
    restore,
    select: (id: string, on: boolean) => {
      selected.value = toggleSelected(selected.value, id, on);
    },
  };
}
