import { COUNTER_FROM_CHARS, MESSAGE_MAX_CHARS, messageLength } from "../../chat/outgoing.ts";

export type DraftLength = {
  /** Nothing to send once trimmed: the API refuses it. */
  empty: boolean;
  /** Over MESSAGE_MAX_CHARS: the API refuses it. */
  over: boolean;
  /** Near or over the limit, in words; "" before, so it does not distract in ordinary use. */
  counter: string;
};

const characters = (count: number) => (count === 1 ? "1 character" : `${count} characters`);

/** What the composer and the editor say of a draft's length, counted as the API counts it. */
export function draftLength(text: string): DraftLength {
  const length = messageLength(text);
  const left = MESSAGE_MAX_CHARS - length;
  let counter = "";
  if (length >= COUNTER_FROM_CHARS)
    counter =
      left >= 0
        ? `${characters(left)} left`
        : `${characters(-left)} over the ${MESSAGE_MAX_CHARS.toLocaleString()} limit`;
  return { empty: length === 0, over: left < 0, counter };
}
