import { computed, type Ref, ref } from "vue";
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
 * second message for it) or discarded.
 */
export function useSendMessage(roomId: string, options: SendMessageOptions) {
  const { client } = options.transport ?? useTransport();
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
    outgoing.value = markFailed(outgoing.value, clientId, describeError(result?.error));
    return false;
  }

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
