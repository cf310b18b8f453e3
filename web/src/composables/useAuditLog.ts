import { computed, getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, toValue, watch } from "vue";
import { ModerationDecisionsDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import {
  type AuditDecision,
  decidedMessages,
  mergeNewest,
  restorableDecisions,
  updateMessage,
} from "../moderation/audit.ts";
import { outcomeText } from "../moderation/outcome.ts";
import { keepSelected, toggleSelected } from "../moderation/queue.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";
import { useModerationOutcome } from "./useModerationOutcome.ts";
import { moderateMessages } from "./useModerationQueue.ts";
import { usePagedConnection } from "./usePagedConnection.ts";

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
  const selected = ref<string[]>([]);
  const busy = ref(false);
  /** What the last restore did, in sight (no Undo: undoing a restore would be a rejection, a decision of its own). */
  const outcome = useModerationOutcome();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  const {
    items: decisions,
    loading,
    loadingMore,
    error,
    hasMore,
    set,
    refresh,
    loadMore,
  } = usePagedConnection<AuditDecision>({
    fetchPage: async (after) => {
      const result = await client
        .query(ModerationDecisionsDocument, { roomId: toValue(roomId), first: pageSize, after })
        .toPromise();
      return { page: result.data?.moderationDecisions, error: result.error };
    },
    // A quiet reload keeps the pages already loaded and adds what is new on top.
    mergeFirstPage: mergeNewest,
    onChange: (next) => {
      const offered = restorableDecisions(next);
      selected.value = keepSelected(
        selected.value,
        next.filter((each) => offered.has(each.id)),
      );
    },
  });
  const restorable = computed(() => restorableDecisions(decisions.value));

  /** Restores the selected decisions' messages; returns an error in words, or null. */
  async function restore(reason: string): Promise<string | null> {
    const messages = decidedMessages(decisions.value, selected.value);
    if (messages.length === 0 || busy.value) return null;
    busy.value = true;
    const restored = await moderateMessages(client, messages, "RESTORE", reason);
    busy.value = false;
    if (restored.error !== null) {
      if (restored.code === "CONFLICT") scheduleRefresh(); // the log shows an old version: show the current one
      return restored.error;
    }
    let next = decisions.value;
    for (const message of restored.messages) next = updateMessage(next, message);
    set(next);
    selected.value = [];
    outcome.show(outcomeText("RESTORE", restored.messages.length));
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
    outcome,
    refresh,
    loadMore,
    restore,
    select: (id: string, on: boolean) => {
      selected.value = toggleSelected(selected.value, id, on);
    },
  };
}
