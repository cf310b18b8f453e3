import type { ChatMessage } from "../chat/timeline.ts";
import { evidence, type ReviewMessage } from "../moderation/queue.ts";

type MatchedTerm = NonNullable<ReviewMessage["moderationDetails"]>["matchedTerms"][number];

/** A chat message; the moderators' queries also carry the verdict's details. */
type Judged = ChatMessage & Partial<Pick<ReviewMessage, "moderationDetails">>;

/** A term the worker matched, as it words it: `profanity "fuck" (moderate) matched "f.u.c.k"…`. */
const TERM = /^([a-z]+) "([^"]+)" \(([a-z]+)\) matched "/;
/** The worker's figures for a message's tone ("sentiment score -9 <= -5"): the words are what a person can act on. */
const FIGURES = /sentiment (?:score|comparative)[^;()]*? <= -?[\d.]+(?:; )?/g;

/**
 * Why moderation stepped in, in words a person reads: the terms that counted,
 * as the review queue names them (evidence()), else the first reason. The API
 * sends the chat the verdict's reasons as one line (joined with "; "), worded
 * for the audit log: terms that did not count, sentiment figures.
 */
export function readableReason(message: Judged): string | null {
  const details = message.moderationDetails;
  if (details?.matchedTerms.length) return evidence(asReviewed(message, details.matchedTerms)).join(" · ");
  if (!message.moderationReason) return null;
  const reasons = splitReasons(message.moderationReason);
  const counted = reasons.filter((reason) => !reason.includes(", not counted: "));
  const shown = counted.length > 0 ? counted : reasons;
  const terms = shown.flatMap((reason): MatchedTerm[] => {
    const [, category, term, severity] = TERM.exec(reason) ?? [];
    return category && term && severity ? [{ category, term, severity }] : [];
  });
  if (terms.length > 0) return evidence(asReviewed(message, terms)).join(" · ");
  const first = (shown[0] ?? "")
    .replace(FIGURES, "")
    .replace(/\(\s*\)/g, "")
    .trim()
    .replace(/^\((.*)\)$/, "$1");
  return first.charAt(0).toUpperCase() + first.slice(1);
}

/** The reasons the API joined with "; " (a reason's own parenthesis may hold one too). */
function splitReasons(line: string): string[] {
  const reasons: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === "(") depth += 1;
    else if (line[i] === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && line.startsWith("; ", i)) {
      reasons.push(line.slice(start, i));
      start = i + 2;
    }
  }
  return [...reasons, line.slice(start)];
}

/** evidence() reads only the verdict: the rest of the review shape is what the chat message has, or nothing. */
function asReviewed(message: ChatMessage, matchedTerms: MatchedTerm[]): ReviewMessage {
  return {
    ...message,
    roomId: "",
    moderatedAt: null,
    reportCount: null,
    moderationDetails: { reasons: [], severity: null, matchedTerms },
  };
}
