// Words hidden behind asterisks: "f**k", "b*tch", "n***a". A masked word counts when its
// visible letters, in place, fit one of a few common targets of the same length.

import { matchesIn } from "./pattern-matches.ts";
import type { TermHit } from "./profanity.ts";
import type { FindingSeverity, TermCategory } from "./verdict.ts";

// Tried in order; the first target that fits wins.
const maskTargets: readonly (readonly [
  word: string,
  term: string,
  category: TermCategory,
  severity: FindingSeverity,
])[] = [
  ...["nigger", "niggers", "nigga", "niggas"].map((word) => [word, "nigger", "slur", "severe"] as const),
  ...["faggot", "faggots", "fag", "fags"].map((word) => [word, "fag", "slur", "severe"] as const),
  ...["fuck", "fucking", "fucker", "fucked", "motherfucker"].map(
    (word) => [word, "fuck", "profanity", "moderate"] as const,
  ),
  ...["shit", "shitty", "bullshit"].map((word) => [word, "shit", "profanity", "moderate"] as const),
  ...["ass", "asshole", "dick", "cock", "bastard"].map(
    (word) => [word, word === "asshole" ? "ass" : word, "profanity", "moderate"] as const,
  ),
  ...["bitch", "bitches"].map((word) => [word, "bitch", "insult", "moderate"] as const),
  ...["hoe", "hoes"].map((word) => [word, "hoe", "insult", "moderate"] as const),
  ...["cunt", "pussy", "whore", "slut", "twat", "retard", "retarded"].map(
    (word) => [word, word === "retarded" ? "retard" : word, "insult", "moderate"] as const,
  ),
];

const maskedToken = /(?<![a-z*])[a-z]*\*[a-z*]*/g;

/** Terms hidden behind asterisks, at most a couple more masks than visible letters. */
export function findMaskedTerms(folded: string): TermHit[] {
  const hits: TermHit[] = [];
  for (const match of matchesIn(maskedToken, folded)) {
    const token = match[0];
    const letters = token.replace(/\*/g, "").length;
    if (letters === 0 || !/^[a-z]/.test(token) || token.length - letters > letters + 2) continue;
    const shape = new RegExp(`^${token.replace(/\*/g, "[a-z]")}$`);
    const target = maskTargets.find(([word]) => shape.test(word));
    if (target)
      hits.push({
        term: target[1],
        category: target[2],
        severity: target[3],
        allow: [],
        start: match.index,
        end: match.index + token.length,
        excerpt: token,
      });
  }
  return hits;
}
