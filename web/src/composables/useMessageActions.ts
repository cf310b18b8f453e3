import type { CombinedError } from "@urql/core";
import { type InjectionKey, inject, ref } from "vue";
import { canSend } from "../chat/outgoing.ts";
import { describeRefusal, sanctionOf, type ViewerSanction } from "../chat/sanction.ts";
import type { ChatMessage } from "../chat/timeline.ts";
import {
  AppealMessageDocument,
  DeleteMessageDocument,
  EditMessageDocument,
  type ReportCategory,
  ReportMessageDocument,
} from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";

/** An appeal's text: 1 to 1,000 characters (the API's bounds). */
export const APPEAL_MAX_CHARS = 1_000;

/**
 * Editing and deleting one's own messages, appealing their removal, reporting
 * others'; errors are kept per message, in words (a sanction's refusal says
 * which, why and until when, and `onSanction` hears of it). `expectAnswer` is
 * the room timeline's: called as a mutation starts, what it returns puts the
 * answer in place.
 */
export function useMessageActions(
  expectAnswer: () => (message: ChatMessage) => void,
  transport?: ChatTransport,
  onSanction?: (sanction: ViewerSanction) => void,
) {
  const { client } = transport ?? useTransport();

  /** A refusal in words; a sanction's is told to the room too. */
  function refusal(error: CombinedError | undefined): string {
    const sanction = sanctionOf(error);
    if (sanction) onSanction?.(sanction);
    return describeRefusal(error);
  }
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
      return result.data?.editMessage ?? refusal(result.error);
    });
  }

  function remove(messageId: string): Promise<boolean> {
    return run(messageId, async () => {
      const result = await client.mutation(DeleteMessageDocument, { messageId }).toPromise();
      return result.data?.deleteMessage ?? refusal(result.error);
    });
  }

  /** Reports someone else's message to the moderators: a kind of problem, and the reporter's own words if any. */
  function report(messageId: string, category: ReportCategory, reason = ""): Promise<boolean> {
    return run(messageId, async () => {
      const words = reason.trim();
      const result = await client
        .mutation(ReportMessageDocument, { messageId, category, reason: words || null })
        .toPromise();
      return result.data?.reportMessage ?? refusal(result.error);
    });
  }

  /** Asks the moderators to reconsider the removal of one's own message (once); its answer carries the appeal. */
  function appeal(messageId: string, text: string): Promise<boolean> {
    const words = text.trim();
    if (!words || [...words].length > APPEAL_MAX_CHARS) return Promise.resolve(false);
    return run(messageId, async () => {
      const result = await client.mutation(AppealMessageDocument, { messageId, text: words }).toPromise();
      return result.data?.appeal.message ?? refusal(result.error);
    });
  }

  function clearError(messageId: string): void {
    const { [messageId]: _cleared, ...others } = errors.value;
    errors.value = others;
  }

  return { edit, remove, report, appeal, errors, busy, clearError };
}

export type MessageActions = ReturnType<typeof useMessageActions>;

/** A room provides its actions to each message in it, so no list between them passes them on. */
export const messageActionsKey: InjectionKey<MessageActions> = Symbol("message actions");

export function injectMessageActions(): MessageActions {
  const actions = inject(messageActionsKey, null);
  if (!actions) throw new Error("A message's actions are provided by its room (see RoomChat.vue).");
  return actions;
}
