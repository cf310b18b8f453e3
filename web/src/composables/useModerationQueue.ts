import type { Client } from "@urql/core";
import { computed, getCurrentScope, type MaybeRefOrGetter, onScopeDispose, ref, toValue, watch } from "vue";
import { ModerateMessagesDocument, type ModerationAction, ModerationQueueDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { type ApiErrorCode, describeError, errorCode } from "../graphql/errors.ts";
import { outcomeText, UNDO_REASON } from "../moderation/outcome.ts";
import {
  applyQueueEvent,
  keepSelected,
  type ModerationEvent,
  type QueueFilter,
  type ReviewMessage,
  toggleSelected,
} from "../moderation/queue.ts";
import type { ModerationEvents } from "./useModerationEvents.ts";
import { useModerationOutcome } from "./useModerationOutcome.ts";
import { usePagedConnection } from "./usePagedConnection.ts";

export const QUEUE_PAGE = 50;

export type Decided =
  | { messages: ReviewMessage[]; error: null }
  | { messages: null; error: string; code: ApiErrorCode | undefined };

/** A message as the moderator was shown it: the decision covers this version only. */
export type SeenMessage = { id: string; editedAt: string | null };

/**
 * Approve, reject or restore messages: all of them or none, with the API's reason in words when it refuses.
 * Each goes with the version shown, so one edited since is refused (CONFLICT) rather than decided unread.
 */
export async function moderateMessages(
  client: Client,
  messages: readonly SeenMessage[],
  action: ModerationAction,
  reason: string,
): Promise<Decided> {
  const input = {
    messageIds: messages.map(({ id }) => id),
    versions: messages.map(({ id, editedAt }) => ({ messageId: id, editedAt })),
    action,
    reason: reason.trim(),
  };
  const result = await client
    .mutation(ModerateMessagesDocument, { input })
    .toPromise()
    .catch(() => null);
  const decided = result?.data?.moderateMessages;
  if (decided) return { messages: decided, error: null };
  return { messages: null, error: describeError(result?.error), code: errorCode(result?.error) };
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
  const selected = ref<string[]>([]);
  const busy = ref(false);
  const outcome = useModerationOutcome();

  const { items, loading, loadingMore, error, hasMore, set, refresh, loadMore } = usePagedConnection<ReviewMessage>({
    fetchPage: async (after) => {
      const { status, roomId } = toValue(filter);
      const result = await client
        .query(ModerationQueueDocument, { status, roomId, first: pageSize, after })
        .toPromise();
      return { page: result.data?.moderationQueue, error: result.error };
    },
    onChange: (next) => {
      selected.value = keepSelected(selected.value, next);
    },
  });

  function apply(event: Pick<ModerationEvent, "kind" | "message">): void {
    set(applyQueueEvent(items.value, event, toValue(filter), !hasMore.value));
  }

  /**
   * Decides on the selected messages, or on `ids` (one row's buttons, a shortcut); returns an error in
   * words, or null. Done, it says so (`outcome`); a rejection offers Undo for a few seconds.
   */
  async function decide(
    action: ModerationAction,
    reason: string,
    ids: readonly string[] = selected.value,
  ): Promise<string | null> {
    const chosen = new Set(ids);
    const shown = items.value.filter((item) => chosen.has(item.id));
    if (shown.length === 0 || busy.value) return null;
    busy.value = true;
    const decided = await moderateMessages(client, shown, action, reason);
    busy.value = false;
    if (decided.error !== null) {
      // Edited since it was shown: load the new text to review (the selection stays).
      if (decided.code === "CONFLICT") void refresh(true);
      return decided.error;
    }
    for (const message of decided.messages) apply({ kind: "DECISION", message });
    selected.value = selected.value.filter((id) => !chosen.has(id));
    const undo = action === "REJECT" ? () => restore(decided.messages) : null;
    outcome.show(outcomeText(action, decided.messages.length), undo);
    return null;
  }

  /** A rejection's Undo: the RESTORE action on the same messages, as the rejection left them. */
  async function restore(messages: readonly ReviewMessage[]): Promise<string | null> {
    if (busy.value) return "Another decision is on its way: try Undo again in a moment.";
    busy.value = true;
    const restored = await moderateMessages(client, messages, "RESTORE", UNDO_REASON);
    busy.value = false;
    if (restored.error !== null) return restored.error;
    for (const message of restored.messages) apply({ kind: "DECISION", message });
    outcome.show(outcomeText("RESTORE", restored.messages.length));
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
    outcome,
    refresh,
    loadMore,
    apply,
    decide,
    select,
    selectAll,
  };
}
