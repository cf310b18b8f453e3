import { computed, onScopeDispose, type Ref, ref, watch } from "vue";
import {
  addOutgoing,
  canSend,
  loadOutbox,
  markFailed,
  markSending,
  markWaiting,
  newClientId,
  type OutgoingMessage,
  outboxKey,
  removeOutgoing,
  retryAfter,
  saveOutbox,
  stillPending,
} from "../chat/outgoing.ts";
import { turnAfterSend, turnFromRefusal } from "../chat/restrictions.ts";
import { describeRefusal, sanctionOf, type ViewerSanction } from "../chat/sanction.ts";
import type { ChatMessage } from "../chat/timeline.ts";
import { SendMessageDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";

export type SendMessageOptions = {
  /** The room's messages, to notice a message confirmed by its event before the mutation answered. */
  messages: Ref<readonly ChatMessage[]>;
  /** Called as a send starts; what it returns puts the confirmed message in the room (useRoomTimeline's). */
  expectAnswer: () => (message: ChatMessage) => void;
  viewerId: () => string | null;
  /** The room's slow mode as it applies to the viewer (0: off, or exempt as a moderator). */
  slowModeSeconds?: () => number;
  /** The API refused a send because of a sanction (a timeout, a ban): the room reads it again. */
  onSanction?: (sanction: ViewerSanction) => void;
  /**
   * A send refused for now (slow mode, a timeout) offers its text back to the composer, so the
   * draft is kept there; true when the composer took it (the message is then not kept as failed).
   */
  takeBack?: (text: string) => boolean;
  transport?: ChatTransport;
  /** Where the outbox is kept across reloads (localStorage by default; null: memory only). */
  storage?: Storage | null;
  /** The clock (epoch ms), for tests. */
  now?: () => number;
};

const browserStorage = (): Storage | null => {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
};

/**
 * Sending with an optimistic "sending" entry. A failed send stays, with the
 * reason in words, until it is retried (same clientId: the API never makes a
 * second message for it) or discarded; one that never reached the server is
 * retried by itself when the connection comes back.
 *
 * Slow mode: after a message is taken, the next may go at `nextTurnAt` (counted
 * from the API's answer, so never before the API's own turn; a RATE_LIMITED
 * refusal names it too). Until then `send` takes nothing and the draft stays.
 *
 * A send refused for now (RATE_LIMITED: the send rate limit, or slow mode when the
 * composer does not take the text back) waits, and goes again by itself once the
 * refusal's wait is over; a message written meanwhile waits behind it. The outbox is
 * kept in storage per viewer and room: after a reload what was not confirmed goes again.
 */
export function useSendMessage(roomId: string, options: SendMessageOptions) {
  const { client, onConnected } = options.transport ?? useTransport();
  const now = options.now ?? Date.now;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const viewer = options.viewerId();
  const key = viewer ? outboxKey(viewer, roomId) : null;
  const outgoing = ref<OutgoingMessage[]>(key ? loadOutbox(storage, key) : []);
  if (key) watch(outgoing, (list) => saveOutbox(storage, key, list));
  const pending = computed(() => stillPending(outgoing.value, options.messages.value, options.viewerId()));
  /** When slow mode gives the next turn (epoch ms); null when no turn was used. */
  const nextTurnAt = ref<number | null>(null);

  async function deliver(clientId: string, text: string, replyToId: string | null = null): Promise<boolean> {
    // A reply names its original; a plain message sends what it always did.
    const input = { roomId, text, clientId, ...(replyToId ? { replyToId } : {}) };
    const answered = options.expectAnswer();
    const seconds = options.slowModeSeconds?.() ?? 0;
    const turnBefore = nextTurnAt.value;
    // Taken while the send is on its way, so nothing else goes meanwhile.
    if (seconds > 0) nextTurnAt.value = turnAfterSend(now(), seconds);
    const result = await client
      .mutation(SendMessageDocument, { input })
      .toPromise()
      .catch(() => null);
    const message = result?.data?.sendMessage;
    if (message) {
      if (seconds > 0) nextTurnAt.value = turnAfterSend(now(), seconds);
      answered(message);
      outgoing.value = removeOutgoing(outgoing.value, clientId);
      return true;
    }
    const error = result?.error;
    const turn = turnFromRefusal(error, now());
    // Refused for slow mode: its next turn. Any other failure took no turn.
    if (turn !== null) nextTurnAt.value = turn;
    else if (seconds > 0) nextTurnAt.value = turnBefore;
    if (!outgoing.value.some((item) => item.clientId === clientId)) return false; // discarded meanwhile
    const sanction = sanctionOf(error);
    if (sanction) options.onSanction?.(sanction);
    if ((turn !== null || sanction) && options.takeBack?.(text)) {
      outgoing.value = removeOutgoing(outgoing.value, clientId);
      return false;
    }
    // Refused for now (too many sends, slow mode): it goes again by itself once the wait is over.
    const retryAt = retryAfter(error, now());
    if (retryAt !== null) {
      outgoing.value = markWaiting(outgoing.value, clientId, waitingReason(turn !== null), retryAt);
      return false;
    }
    // No answer from the API at all (offline, the server restarting): not refused, only not delivered yet.
    const unreached = !error?.graphQLErrors.length;
    outgoing.value = markFailed(outgoing.value, clientId, describeRefusal(error), unreached);
    return false;
  }

  // Back online: what only failed to reach the server goes again, in the order it was written.
  onScopeDispose(
    onConnected(() => {
      for (const item of outgoing.value) if (item.status === "failed" && item.unreached) retry(item.clientId);
    }),
  );

  // Waiting messages go again, in the order they were written, once the latest wait among them is over.
  let timer: ReturnType<typeof setTimeout> | undefined;
  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    const waits = outgoing.value.flatMap((item) =>
      item.status === "waiting" && typeof item.retryAt === "number" ? [item.retryAt] : [],
    );
    if (waits.length === 0) return;
    timer = setTimeout(resendWaiting, Math.max(0, Math.max(...waits) - now()));
  }
  function resendWaiting(): void {
    timer = undefined;
    for (const item of outgoing.value) if (item.status === "waiting") retry(item.clientId);
  }
  watch(() => outgoing.value.map((item) => `${item.status}:${item.retryAt}`).join(" "), schedule);
  onScopeDispose(() => clearTimeout(timer));
  // From storage (a reload): what was on its way, or never reached the server, goes again now.
  for (const item of outgoing.value)
    if (item.status === "sending") void deliver(item.clientId, item.text, item.replyToId ?? null);
  schedule();

  /** Returns false when the text is not taken: empty, too long, or slow mode's next turn has not come. */
  function send(text: string, replyToId: string | null = null): boolean {
    if (!canSend(text) || (nextTurnAt.value !== null && nextTurnAt.value > now())) return false;
    const clientId = newClientId();
    outgoing.value = addOutgoing(outgoing.value, clientId, text, replyToId);
    // Behind a message that waits out a refusal: it waits with it, so the order is kept.
    const waiting = outgoing.value.find((item) => item.status === "waiting");
    const retryAt = waiting?.retryAt;
    if (waiting && typeof retryAt === "number")
      outgoing.value = markWaiting(outgoing.value, clientId, waiting.error ?? "", retryAt);
    else void deliver(clientId, text, replyToId);
    return true;
  }

  function retry(clientId: string): void {
    const item = outgoing.value.find((each) => each.clientId === clientId);
    if (!item || item.status === "sending") return;
    outgoing.value = markSending(outgoing.value, clientId);
    void deliver(clientId, item.text, item.replyToId ?? null);
  }

  function discard(clientId: string): void {
    outgoing.value = removeOutgoing(outgoing.value, clientId);
  }

  return { pending, send, retry, discard, nextTurnAt };
}

function waitingReason(slowMode: boolean): string {
  return slowMode ? "Slow mode: this room takes one message at a time." : "You are sending messages too fast.";
}
