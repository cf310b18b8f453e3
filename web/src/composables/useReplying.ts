import { nextTick, provide, ref } from "vue";
import { replyingKey } from "../chat/replying.ts";
import { revealMessage } from "../chat/reveal.ts";
import type { ChatMessage } from "../chat/timeline.ts";

export type ReplyingOptions = {
  /** The room timeline's: loads older pages until the message at `seq` is in. */
  openAt: (seq: number) => Promise<boolean>;
  /** Sends a message (replying to `replyToId`, if any); false when the text is not taken. */
  send: (text: string, replyToId: string | null) => boolean;
  /** Puts the keyboard in the message box. */
  focusComposer: () => void;
};

/**
 * A room's replies and jumps: the message being replied to (the composer says so until it is sent
 * or cancelled), and opening the history at a message (a quoted original, a search hit): older pages
 * load until it is in, then it is scrolled to, marked for a moment and focused. Provides what each
 * message's Reply and quoted preview ask for (chat/replying.ts).
 */
export function useReplying(options: ReplyingOptions) {
  const replyingTo = ref<ChatMessage | null>(null);
  /** Why a message could not be opened, in words; null otherwise. */
  const openProblem = ref<string | null>(null);

  function send(text: string): boolean {
    const taken = options.send(text, replyingTo.value?.id ?? null);
    if (taken) replyingTo.value = null;
    return taken;
  }

  function cancel(): void {
    if (!replyingTo.value) return;
    replyingTo.value = null;
    options.focusComposer();
  }

  async function open(seq: number): Promise<void> {
    openProblem.value = null;
    const reached = await options.openAt(seq);
    // The list renders the pages and keeps its scroll position across them first (MessageList).
    await nextTick();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (!reached || !revealMessage(document, seq))
      openProblem.value =
        "That message could not be opened: it is too far back in the room's history, or the history did not load.";
  }

  provide(replyingKey, {
    start: (message) => {
      replyingTo.value = message;
      options.focusComposer();
    },
    open: (seq) => void open(seq),
  });

  return { replyingTo, openProblem, send, cancel, open };
}
