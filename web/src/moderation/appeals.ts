// Appeals as moderators read them: what is appealed, in words. Plain functions.
import type { AppealRecordFragment, AppealStatus } from "../gql/graphql.ts";
import { durationInWords, sanctionNoun } from "./sanctions.ts";

export type AppealRecord = AppealRecordFragment;

/** A moderator's note to the person: at most 500 characters (the API's limit). */
export const NOTE_MAX = 500;

export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = {
  OPEN: "Open",
  ACCEPTED: "Accepted",
  DENIED: "Denied",
};

/** The kind of thing appealed and what it was: "A removed message", "A timeout of 10 minutes". */
export function appealedThing(appeal: Pick<AppealRecord, "message" | "sanction">): string {
  if (appeal.message) return "A removed message";
  const sanction = appeal.sanction;
  if (!sanction) return "Something no longer there";
  const noun = sanctionNoun(sanction.kind);
  if (!sanction.endsAt) return `A ${noun} with no end`;
  const minutes = Math.round((Date.parse(sanction.endsAt) - Date.parse(sanction.startsAt)) / 60_000);
  return `A ${noun} of ${durationInWords(Math.max(1, minutes))}`;
}

/** What accepting does, said on the button's confirmation. */
export function acceptEffect(appeal: Pick<AppealRecord, "message" | "sanction">): string {
  if (appeal.message) return "Accepting restores the message.";
  if (appeal.sanction?.inForce) return `Accepting lifts the ${sanctionNoun(appeal.sanction.kind)}.`;
  return "The sanction has already ended: accepting only tells the person.";
}

/** An answered appeal leaves the open list; a new one joins it when the whole list is loaded. */
export function withoutAppeal<T extends { id: string }>(appeals: readonly T[], id: string): T[] {
  return appeals.filter((each) => each.id !== id);
}
