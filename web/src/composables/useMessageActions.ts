import { type InjectionKey, inject, ref } from "vue";
import { canSend } from "../chat/outgoing.ts";
import type { ChatMessage } from "../chat/timeline.ts";
import { DeleteMessageDocument, EditMessageDocument, ReportMessageDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";
import { describeError } from "../graphql/errors.ts";

/**
 * Editing and deleting one's own messages, reporting others'; errors are kept
 * per message, in words. `expectAnswer` is the room timeline's: called as a
 * mutation starts, what it returns puts the answer in place.
 */
export function useMessageActions(expectAnswer: () => (message: ChatMessage) => void, transport?: ChatTransport) {
  const { client } = transport ?? useTransport();
  const errors = ref<Record<string, string>>({});
  const busy = ref<Record<string, boolean>>({});

  async function run(messageId: string, request: () => Promise<ChatMessage | null | undefined | string>) {
    busy.value = { ...busy.value, [messageId]: true };
    const { [messageId]: _previous, ...others } = errors.value;
    errors.value = others;
    const answered = expectAnswer();
    const outcome = await request();
    busy.value = { ...busy.value, [messageId]: false };
    if (typeof outcome === "object" && outcome) {
      answered(outcome);
      return true;
    }
    errors.value = { ...errors.value, [messageId]: outcome ?? "Something went wrong. Please try again." };
    return false;
  }

  function edit(messageId: string, text: string): Promise<boolean> {
    if (!canSend(text)) return Promise.resolve(false);
    return run(messageId, async () => {
      const result = await client.mutation(EditMessageDocument, { messageId, text }).toPromise();
      return result.data?.editMessage ?? describeError(result.error);
    });
  }

  function remove(messageId: string): Promise<boolean> {
    return run(messageId, async () => {
      const result = await client.mutation(DeleteMessageDocument, { messageId }).toPromise();
      return result.data?.deleteMessage ?? describeError(result.error);
    });
  }

  /** Reports someone else's message to the moderators, with a reason. */
  function report(messageId: string, reason: string): Promise<boolean> {
    if (!reason.trim()) return Promise.resolve(false);
    return run(messageId, async () => {
      const result = await client.mutation(ReportMessageDocument, { messageId, reason: reason.trim() }).toPromise();
      return result.data?.reportMessage ?? describeError(result.error);
    });
  }

  function clearError(messageId: string): void {
    const { [messageId]: _cleared, ...others } = errors.value;
    errors.value = others;
  }

  return { edit, remove, report, errors, busy, clearError };
}

export type MessageActions = ReturnType<typeof useMessageActions>;

/** A room provides its actions to each message in it, so no list between them passes them on. */
export const messageActionsKey: InjectionKey<MessageActions> = Symbol("message actions");

export function injectMessageActions(): MessageActions {
  const actions = inject(messageActionsKey, null);
  if (!actions) throw new Error("A message's actions are provided by its room (see RoomChat.vue).");
  return actions;
}
