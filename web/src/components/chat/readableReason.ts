import type { ChatMessage } from "../../chat/timeline.ts";
import { reasonsInWords } from "../../moderation/reasons.ts";

/**
 * Why moderation stepped in, as the chat shows it. The API words `moderationReason` for each viewer
 * in plain language: others read the kind of problem ("Hidden: an insult aimed at someone."), the
 * author and moderators what happened and why ("Flagged for review: …"). The verdict's plain reasons
 * stand in should it give none. Scores and evidence stay in the review queue: the chat shows them to
 * no one, so a member never reads the classifier's workings.
 */
export function readableReason(message: ChatMessage): string | null {
  return message.moderationReason ?? reasonsInWords(message.moderationDetails?.reasons ?? []);
}
