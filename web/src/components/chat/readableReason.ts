import type { ChatMessage } from "../../chat/timeline.ts";
import { type MatchedTerm, namedTerms } from "../../moderation/queue.ts";

/** How the worker words a finding it did not count (below the threshold, in a friendly message). */
const NOT_COUNTED = ", not counted: ";
/** The worker's figures for a message's tone ("sentiment score -9 <= -5"): the words are what a person can act on. */
const FIGURES = /sentiment (?:score|comparative)[^;()]*? <= -?[\d.]+(?:; )?/g;

/**
 * Why moderation stepped in, in words a person reads: the terms that counted,
 * as the review queue names them, else the first reason that counted. Only the
 * author and moderators get the verdict's details; others get `moderationReason`,
 * which the API words for them ("Hidden: flagged for profanity.").
 */
export function readableReason(message: ChatMessage): string | null {
  const details = message.moderationDetails;
  if (!details) return message.moderationReason;
  const counted = details.reasons.filter((reason) => !reason.includes(NOT_COUNTED));
  // A verdict that counted nothing (a moderator removed the message anyway) is explained by all it found.
  const terms =
    counted.length > 0
      ? details.matchedTerms.filter((term) => !details.reasons.some((reason) => notCounting(reason, term)))
      : details.matchedTerms;
  if (terms.length > 0) return namedTerms(terms).join(" · ");
  const first = counted[0];
  return first === undefined ? message.moderationReason : inWords(first);
}

/** The details list every term found; a reason worded `insult "idiot" (mild) matched "…", not counted: …` set one aside. */
const notCounting = (reason: string, term: MatchedTerm) =>
  reason.startsWith(`${term.category} "${term.term}" (${term.severity}) matched `) && reason.includes(NOT_COUNTED);

/** A reason without the verdict's figures, as a sentence. */
function inWords(reason: string): string {
  const words = reason
    .replace(FIGURES, "")
    .replace(/\(\s*\)/g, "")
    .trim()
    .replace(/^\((.*)\)$/, "$1");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
