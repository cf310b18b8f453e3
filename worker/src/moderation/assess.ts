// assess(): text + policy -> the verdict the worker stores. The word rules (moderate()) and the
// learned classifier read the message; decide() combines them. Pure but for the model, read once.

import { type ModerationClassifier, moderationClassifier } from "./classifier.ts";
import { decide } from "./decide.ts";
import { deniedJudgements } from "./denied-judgements.ts";
import type { MentionContext } from "./mention-context.ts";
import { moderate } from "./moderate.ts";
import { foldForMatching, withoutSpans } from "./normalize.ts";
import type { ModerationPolicy } from "./policy.ts";
import type { Span } from "./profanity.ts";
import { ANY_QUOTATION_MARK, reportedClauses, reportedQuotations } from "./reported-speech.ts";
import type { MatchedTerm, ModerationVerdict } from "./verdict.ts";

/**
 * The text the classifier reads: without the words the rules found reported, named or in another
 * language ("the word x is a slur", "he called me a x", "Plymouth Hoe", "hoe oud"), nor someone
 * else's words quoted or retold to report them ('kicked off for saying "x"', "reported the guy who
 * said x"), which would otherwise make a report of abuse read like abuse, nor the words the rules read
 * in an innocent sense ("grab the hoe and the rake", "pussy willow"), which the classifier, reading
 * words and not senses, would score as the insult, nor a harsh word denied of the person addressed
 * ("you're not worthless"). The classifier judges what the message says around them. A word merely
 * in quotation marks stays: a message passed on is read as it is.
 */
const MASKED: ReadonlySet<MentionContext> = new Set(["reported", "name", "another language"]);

function withoutMentionedWords(folded: string, terms: readonly MatchedTerm[], innocent: readonly Span[]): string {
  const quoted = ANY_QUOTATION_MARK.test(folded) ? reportedQuotations(folded) : [];
  let read = withoutSpans(folded, [...innocent, ...quoted, ...reportedClauses(folded), ...deniedJudgements(folded)]);
  for (const term of terms)
    if (term.mention !== null && MASKED.has(term.mention)) read = read.replaceAll(term.excerpt, " ");
  return read;
}

/** What the rules and the classifier read in a message, before they are weighed (decide()). */
export function read(
  text: string,
  policy: ModerationPolicy,
  classifier: ModerationClassifier = moderationClassifier(),
) {
  // Folded once, read by both.
  const folded = foldForMatching(text);
  const innocent: Span[] = [];
  const rules = moderate(text, policy, folded, innocent);
  return { rules, scores: classifier.scoreFolded(withoutMentionedWords(folded, rules.matchedTerms, innocent)) };
}

export function assess(
  text: string,
  policy: ModerationPolicy,
  classifier: ModerationClassifier = moderationClassifier(),
): ModerationVerdict {
  const { rules, scores } = read(text, policy, classifier);
  const { status, reasons, evidence } = decide(rules, scores, policy);
  const categories = { ...scores };
  // Three decimals: what a moderator can read, and a smaller row.
  for (const category of Object.keys(categories) as (keyof typeof categories)[])
    categories[category] = Math.round(categories[category] * 1000) / 1000;
  return { ...rules, status, reasons, evidence, categories, modelVersion: classifier.version };
}
