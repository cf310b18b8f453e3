// moderate(): text + policy -> the word rules' verdict. Pure: no I/O, no clock, no randomness.
// assess() combines it with the learned classifier into the verdict that is stored.

import { ADDRESSEE, ADDRESSEE_IS } from "./addressee.ts";
import { findAll } from "./findings.ts";
import { groupMentionOnly } from "./group-mentions.ts";
import { otherLanguage } from "./language.ts";
import { addressedAt, friendlyMark, isBanter, mentionContext, messageText } from "./mention-context.ts";
import { foldForMatching, foldWithEll } from "./normalize.ts";
import type { ModerationPolicy } from "./policy.ts";
import type { Span } from "./profanity.ts";
import { analyzeSentiment, comparativeWithout } from "./sentiment.ts";
import { languageHints, wordsOfOtherLanguages } from "./terms.ts";
import {
  compareSeverity,
  type MatchedTerm,
  maxSeverity,
  type RulesVerdict,
  type Severity,
  type VerdictStatus,
} from "./verdict.ts";

/** Stored with every verdict. Bump whenever the word lists, the folding, the threat patterns or the decision rules change. */
export const RULES_VERSION = "1.25.0";

const INTENSIFIERS = "(?:\\s+(?:so|such|a|an|really|very|truly|totally|just|the|most|fucking|f\\*+ing))*";
const HATE_YOU = new RegExp(`(?<![a-z'])(?:hate|despise|loathe|detest)\\s+${ADDRESSEE}(?![a-z])`);

/**
 * Whether a negative word is said of the person addressed ("you are worthless",
 * "ur so pathetic", "I hate you"), not near them ("sorry you had an awful day",
 * "did I hurt you?", "you poor thing").
 */
function saidOfTheAddressee(folded: string, negativeWords: readonly string[]): boolean {
  if (HATE_YOU.test(folded)) return true;
  return negativeWords
    .map((word) => word.replace(/[^a-z]/g, ""))
    .some(
      (word) =>
        word.length > 0 && new RegExp(`(?<![a-z'])(?:${ADDRESSEE_IS})${INTENSIFIERS}\\s+${word}(?![a-z])`).test(folded),
    );
}

/**
 * Whether a found word was written otherwise than plainly: masked, split, in look-alike letters or
 * digits. A word of another language's list may carry its own accents ("desgraçado", "Scheiße"), and
 * so may a threat or an attack on a group ("Ausländer raus"), and its punctuation.
 */
function isDisguised(lowered: string, excerpt: string, accented: boolean): boolean {
  // A phrase runs across sentences and clauses: "accidents happen. especially to people who".
  if (/[^a-z' -]/.test(accented ? excerpt.replace(/[.,;:!?]/g, "") : excerpt)) return true;
  if (lowered.includes(excerpt)) return false;
  return !(accented && withoutAccents(lowered).includes(excerpt));
}

const withoutAccents = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").replaceAll("ß", "ss");

/** The run of letters around `index` in folded text ("fagot" around its "fag"). */
function wordAround(folded: string, index: number): string {
  if (index < 0) return "";
  let start = index;
  let end = index;
  while (start > 0 && /[a-z]/.test(folded[start - 1]!)) start--;
  while (end < folded.length && /[a-z]/.test(folded[end]!)) end++;
  return folded.slice(start, end);
}

/**
 * A listed word that is an everyday word of another language, in a message written in that
 * language, is that language's word ("Nå er det slutt på ferien"), unless said to the person addressed.
 */
function readInItsLanguage(text: string, folded: string, found: Omit<MatchedTerm, "counted">[]): void {
  // Listed by the whole word the term was found in ("fagot") or by the term ("fag").
  const languagesOf = (term: Omit<MatchedTerm, "counted">) =>
    wordsOfOtherLanguages[wordAround(folded, folded.indexOf(term.excerpt))] ?? wordsOfOtherLanguages[term.term];
  const candidates = found.filter(
    (term) =>
      term.mention === null &&
      languagesOf(term) !== undefined &&
      !addressedAt(folded, Math.max(0, folded.indexOf(term.excerpt))),
  );
  if (candidates.length === 0) return;
  const language = otherLanguage(text, languageHints);
  if (language === null) return;
  for (const term of candidates) if (languagesOf(term)?.includes(language)) term.mention = "another language";
}

/**
 * Decide a message under a room's policy:
 * - REJECTED: a term or threat at or above thresholds.rejectSeverity (slurs and threats by default);
 * - FLAGGED: a term at or above thresholds.flagSeverity, a blocked term, a term below it in a
 *   hostile message (the rest of the message scores at or below thresholds.hostileComparative),
 *   a hostile message said to someone ("I hate you, you are worthless": venting about Mondays is
 *   not abuse, the same words at a person are), or, when enabled, a sentiment score at or below
 *   thresholds.sentimentFlagScore (a hostile rant at nobody in particular);
 * - APPROVED otherwise.
 * policy.mode does not change the decision: it tells the worker whether to hold the message.
 */
export function moderate(
  text: string,
  policy: ModerationPolicy,
  folded = foldForMatching(text),
  /** Filled with where in `folded` a listed word stands in an innocent sense ("garden hoe", "Scunthorpe"). */
  setAside?: Span[],
): RulesVerdict {
  const { thresholds } = policy;
  const sentiment = analyzeSentiment(text);
  const hits = findAll(folded, policy, setAside);
  const readAsEll = foldWithEll(text);
  if (readAsEll !== null) hits.push(...findAll(readAsEll, policy));

  const message = messageText(text, folded);
  const lowered = message.lowered();
  const friendly = friendlyMark(folded);
  const found: Omit<MatchedTerm, "counted">[] = [];
  const seen = new Map<string, number>();
  for (const hit of hits) {
    const key = `${hit.category}:${hit.term}`;
    const earlier = seen.get(key);
    // A word already found used stays used, whatever this occurrence's context: not read again.
    if (earlier !== undefined && found[earlier]?.mention === null) continue;
    // Split-word and "ell" hits carry positions in another text: their context is not read.
    const inFolded = folded.slice(hit.start, hit.end) === hit.excerpt;
    const mention =
      hit.category === "blocked" || !inFolded
        ? null
        : isBanter(friendly, hit.term, folded)
          ? "banter"
          : mentionContext(message, hit.start, hit.end);
    if (earlier !== undefined) {
      // A word used once and quoted once is used.
      const first = found[earlier];
      if (first !== undefined && mention === null) first.mention = null;
      continue;
    }
    seen.set(key, found.length);
    found.push({
      term: hit.term,
      category: hit.category,
      severity: hit.severity,
      excerpt: hit.excerpt,
      mention,
      disguised: isDisguised(lowered, hit.excerpt, hit.language !== undefined || hit.phrase === true),
      ...(hit.language === undefined ? {} : { language: hit.language }),
    });
  }
  readInItsLanguage(text, folded, found);
  // A term's own score ("idiot" is -3 in AFINN) must not make its message look hostile.
  const ownWords: string[] = [];
  for (const term of found) ownWords.push(term.term, term.excerpt);
  const contextComparative =
    found.length === 0 ? sentiment.summary.comparative : comparativeWithout(sentiment, ownWords);
  const hostile = contextComparative <= thresholds.hostileComparative;

  let severity: Severity = "none";
  let counted: Severity = "none";
  const matchedTerms: MatchedTerm[] = found.map((term) => {
    severity = maxSeverity(severity, term.severity);
    const countsAlone =
      term.category === "blocked" ||
      term.category === "threat" ||
      compareSeverity(term.severity, thresholds.flagSeverity) >= 0;
    // Below the flag severity, a term counts only disguised or in a hostile message; a mentioned one not at all.
    const counts = term.mention === null && (countsAlone || term.disguised || hostile);
    if (counts) counted = maxSeverity(counted, term.severity);
    return { ...term, counted: counts };
  });

  let status: VerdictStatus = "APPROVED";
  let hostileTo: RulesVerdict["hostileTo"] = null;
  if (counted !== "none") {
    const rejects = thresholds.rejectSeverity !== "never" && compareSeverity(counted, thresholds.rejectSeverity) >= 0;
    status = rejects ? "REJECTED" : "FLAGGED";
  } else if (hostile && saidOfTheAddressee(folded, sentiment.summary.negativeWords)) {
    status = "FLAGGED";
    hostileTo = "addressee";
  } else if (thresholds.sentimentFlagScore !== null && sentiment.summary.score <= thresholds.sentimentFlagScore) {
    status = "FLAGGED";
    hostileTo = "nobody in particular";
  }
  if (hostileTo !== null) severity = maxSeverity(severity, "mild");
  return {
    status,
    matchedTerms,
    hostileTo,
    friendly,
    groupMention: status === "APPROVED" ? groupMentionOnly(folded) : null,
    sentiment: sentiment.summary,
    severity,
    rulesVersion: RULES_VERSION,
  };
}
