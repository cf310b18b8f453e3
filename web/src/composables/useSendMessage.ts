import { computed, onScopeDispose, type Ref, ref } from "vue";
import {
  addOutgoing,
  canSend,
  markFailed,
  markSending,
  newClientId,
  type OutgoingMessage,
  removeOutgoing,
  stillPending,
} from "../chat/outgoing.ts";
import type { ChatMessage } from "../chat/timeline.ts";
import { SendMessageDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";

export type SendMessageOptions = {
  /** The room's messages, to notice a message confirmed by its event before the mutation answered. */
  messages: Ref<readonly ChatMessage[]>;
  /** Called as a send starts; what it returns puts the confirmed message in the room (useRoomTimeline's). */
  expectAnswer: () => (message: ChatMessage) => void;
  viewerId: () => string | null;
  transport?: ChatTransport;
};

/**
 * Sending with an optimistic "sending" entry. A failed send stays, with the
 * reason in words, until it is retried (same clientId: the API never makes a
 * second message for it) or discarded; one that never reached the server is
 * retried by itself when the connection comes back.
 */
export function useSendMessage(roomId: string, options: SendMessageOptions) {
  const { client, onConnected } = options.transport ?? useTransport();
  const outgoing = ref<OutgoingMessage[]>([]);
  const pending = computed(() => stillPending(outgoing.value, options.messages.value, options.viewerId()));

  async function deliver(clientId: string, text: string): Promise<boolean> {
    const answered = options.expectAnswer();
    const result = await client
      .mutation(SendMessageDocument, { input: { roomId, text, clientId } })
      .toPromise()
      .catch(() => null);
    const message = result?.data?.sendMessage;
    if (message) {
      answered(message);
      outgoing.value = removeOutgoing(outgoing.value, clientId);
      return true;
    }
    // No answer from the API at all (offline, the server restarting): not refused, only not delivered yet.
    const unreached = !result?.error?.graphQLErrors.length;
    outgoing.value = markFailed(outgoing.value, clientId, describeError(result?.error), unreached);
    return false;
  }

  // Back online: what only failed to reach the server goes again, in the order it was written.
  onScopeDispose(
    onConnected(() => {
      for (const item of outgoing.value) if (item.status === "failed" && item.unreached) retry(item.clientId);
    }),
  );

  /** Returns false when the text cannot be sent at all (empty or too long). */
  function send(text: string): boolean {
    if (!canSend(text)) return false;
    const clientId = newClientId();
    outgoing.value = addOutgoing(outgoing.value, clientId, text);
    void deliver(clientId, text);
    return true;
  }

  function retry(clientId: string): void {
    const item = outgoing.value.find((each) => each.clientId === clientId);
    if (!item || item.status === "sending") return;
    outgoing.value = markSending(outgoing.value, clientId);
    void deliver(clientId, item.text);
  }

  function discard(clientId: string): void {
    outgoing.value = removeOutgoing(outgoing.value, clientId);
  }

  return { pending, send, retry, discard };
}
