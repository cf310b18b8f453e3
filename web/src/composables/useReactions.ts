import { type InjectionKey, inject, ref } from "vue";
import { describeRefusal, sanctionOf, type ViewerSanction } from "../chat/sanction.ts";
import type { ChatMessage } from "../chat/timeline.ts";
import { AddReactionDocument, RemoveReactionDocument } from "../gql/graphql.ts";
import { type ChatTransport, useTransport } from "../graphql/client.ts";

/**
 * Reacting to a room's messages and taking reactions back. The answer (the
 * message with its reactions, and which are the viewer's) is put in place at
 * once through `expectAnswer`, as the room's other actions do; the room event
 * that follows it changes nothing more. Errors are kept per message, in words.
 */
export function useReactions(
  expectAnswer: () => (message: ChatMessage) => void,
  transport?: ChatTransport,
  onSanction?: (sanction: ViewerSanction) => void,
) {
  const { client } = transport ?? useTransport();
  const errors = ref<Record<string, string>>({});
  const busy = ref<Record<string, boolean>>({});

  async function toggle(messageId: string, emoji: string, add: boolean): Promise<boolean> {
    busy.value = { ...busy.value, [messageId]: true };
    const { [messageId]: _previous, ...others } = errors.value;
    errors.value = others;
    const answered = expectAnswer();
    const result = add
      ? await client.mutation(AddReactionDocument, { messageId, emoji }).toPromise()
      : await client.mutation(RemoveReactionDocument, { messageId, emoji }).toPromise();
    busy.value = { ...busy.value, [messageId]: false };
    const message =
      result.data && ("addReaction" in result.data ? result.data.addReaction : result.data.removeReaction);
    if (message) {
      answered(message);
      return true;
    }
    const sanction = sanctionOf(result.error);
    if (sanction) onSanction?.(sanction);
    errors.value = { ...errors.value, [messageId]: describeRefusal(result.error) };
    return false;
  }

  return { toggle, errors, busy };
}

export type Reactions = ReturnType<typeof useReactions>;

/** A room provides reacting to each message in it (see RoomChat.vue). */
export const reactionsKey: InjectionKey<Reactions> = Symbol("reactions");

export function injectReactions(): Reactions {
  const reactions = inject(reactionsKey, null);
  if (!reactions) throw new Error("Reactions are provided by the message's room (see RoomChat.vue).");
  return reactions;
}
