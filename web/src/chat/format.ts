import { clockTime, startsDay } from "./time.ts";
import type { ChatMessage } from "./timeline.ts";

const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
const short = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** The locale picks 12 or 24 hours (time.ts). */
export const timeOfDay = (iso: string) => clockTime(new Date(iso));
export const fullDate = (iso: string) => full.format(new Date(iso));
/** A day and a time, for lists that span days (the moderation queue, the audit log). */
export const shortDate = (iso: string) => short.format(new Date(iso));

/** A message the list shows: the API names the author of every message it does not hide. */
export type ShownMessage = ChatMessage & { author: NonNullable<ChatMessage["author"]> };

/** Messages by the same person within a few minutes (and on the same day) are shown as one group, under one name. */
export function continuesGroup(previous: ShownMessage | undefined, message: ShownMessage): boolean {
  if (!previous || previous.author.id !== message.author.id || startsDay(previous, message)) return false;
  return Date.parse(message.createdAt) - Date.parse(previous.createdAt) < 5 * 60_000;
}

/** What a message shows instead of its text, when it shows no text. */
export function hiddenText(message: ChatMessage): string | null {
  if (message.deletedAt) return "This message was deleted.";
  // The API withholds the text of flagged messages from others (MASKED), with a reason naming the kind of problem.
  if (message.text === null) return message.moderationReason ?? "This message is hidden.";
  return null;
}

/** Messages the viewer may not see at all (the API marks them HIDDEN, without author) take no place in the list. */
export const isShown = (message: ChatMessage): message is ShownMessage =>
  message.visibility !== "HIDDEN" && message.author !== null;
