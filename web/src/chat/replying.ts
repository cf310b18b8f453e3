// Replies in a room: what a message's Reply and quoted preview ask of the room (RoomChat provides it),
// and the words a preview shows.
import type { InjectionKey } from "vue";
import type { ReplyPreviewFragment } from "../gql/graphql.ts";
import type { ChatMessage } from "./timeline.ts";

export type Replying = {
  /** Reply to this message: the composer says so until it is sent or cancelled. */
  start(message: ChatMessage): void;
  /** Open the room's history at this message (a reply's original): scrolled to, marked and focused. */
  open(seq: number): void;
};

export const replyingKey: InjectionKey<Replying> = Symbol("replying");

/** What a quoted preview says, as plain text: who, and the start of what they said (or why not). */
export function previewWords(preview: ReplyPreviewFragment): { author: string | null; text: string } {
  const author = preview.author?.username ?? null;
  if (preview.deleted) return { author, text: "Original message deleted" };
  if (preview.visibility === "HIDDEN") return { author: null, text: "Original message hidden" };
  if (preview.visibility === "MASKED" || preview.excerpt === null)
    return { author, text: "Message hidden by moderation" };
  return { author, text: preview.excerpt };
}

/** The start of a message being replied to, as the composer quotes it. */
export function replyExcerpt(message: ChatMessage, chars = 80): string {
  if (message.text === null) return "a message";
  const folded = message.text.replace(/\s+/g, " ").trim();
  return [...folded].length <= chars
    ? folded
    : `${[...folded]
        .slice(0, chars - 1)
        .join("")
        .trimEnd()}…`;
}
