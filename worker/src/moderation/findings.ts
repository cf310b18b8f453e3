// Everything the word lists and threat patterns find in a message, minus what the policy allows.

import { findBullying } from "./bullying.ts";
import { findGroupAttacks } from "./group-attacks.ts";
import { findHarassment } from "./harassment.ts";
import { findAddressedInsults } from "./insults-other-languages.ts";
import { findMaskedTerms } from "./masked.ts";
import type { ModerationPolicy } from "./policy.ts";
import { policyTerms } from "./policy-terms.ts";
import { builtInMatcher, findTerms, insideAny, otherLanguagesMatcher, type Span, type TermHit } from "./profanity.ts";
import { findThreats } from "./threats.ts";

function overlapsAny(hit: Readonly<Span>, others: readonly TermHit[]): boolean {
  const [start, end] = hit;
  return others.some((other) => start < other.end && other.start < end);
}

function isLetterAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 97 && code <= 122;
}

// Punctuation inside a word: "fu.ck", "nig-ger", "sh_it". Joined, such a word counts only when
// the whole of it is a term, so "this.hit" does not become "thishit" -> "shit".
const splitWord = /([a-z])[.\-_~+]+(?=[a-z])/g;
const hasSplitWord = /[a-z][.\-_~+]+[a-z]/;

function findInSplitWords(folded: string, allowed: readonly string[]): TermHit[] {
  const joined = folded.replace(splitWord, "$1");
  return findTerms(builtInMatcher, joined, allowed).filter(
    (hit) => !isLetterAt(joined, hit.start - 1) && !isLetterAt(joined, hit.end),
  );
}

/**
 * Term and threat hits in folded text, in the order: built-in terms (English, then the other
 * languages'), masked words, split words, blocked terms, threats, contempt said to someone in the
 * other languages, harassment with no listed word, attacks on groups. Built-in terms read in an innocent sense go to `setAside` when it is given.
 */
export function findAll(folded: string, policy: ModerationPolicy, setAside?: Span[]): TermHit[] {
  const { blocked, allowed, allowedNames } = policyTerms(policy);
  const hits = [
    ...findTerms(builtInMatcher, folded, allowed, setAside),
    ...findTerms(otherLanguagesMatcher, folded, allowed, setAside),
  ];
  if (folded.includes("*")) {
    for (const hit of findMaskedTerms(folded)) {
      if (!overlapsAny([hit.start, hit.end], hits) && !insideAny(folded, hit.start, hit.end, allowed)) hits.push(hit);
    }
  }
  if (hasSplitWord.test(folded)) {
    // Positions below refer to the joined text; they are only used for excerpts.
    for (const hit of findInSplitWords(folded, allowed))
      if (!hits.some((found) => found.term === hit.term)) hits.push(hit);
  }
  if (blocked !== null) hits.push(...findTerms(blocked, folded, allowed));
  for (const threat of findThreats(folded)) {
    if (!insideAny(folded, threat.start, threat.end, allowed))
      hits.push({ ...threat, category: "threat", severity: "severe", allow: [], phrase: true });
  }
  for (const insult of findAddressedInsults(folded)) {
    if (!overlapsAny([insult.start, insult.end], hits) && !insideAny(folded, insult.start, insult.end, allowed))
      hits.push({
        ...insult,
        term: "contempt said to someone",
        category: "insult",
        severity: "moderate",
        allow: [],
        phrase: true,
      });
  }
  for (const remark of [...findHarassment(folded), ...findBullying(folded)]) {
    if (!overlapsAny([remark.start, remark.end], hits) && !insideAny(folded, remark.start, remark.end, allowed))
      hits.push({ ...remark, category: "harassment", severity: "moderate", allow: [], phrase: true });
  }
  for (const attack of findGroupAttacks(folded)) {
    if (!insideAny(folded, attack.start, attack.end, allowed))
      hits.push({ ...attack, category: "slur", severity: "severe", allow: [], phrase: true });
  }
  return allowedNames.size === 0 ? hits : hits.filter((hit) => !allowedNames.has(hit.term));
}
