// A policy's own term lists, folded and compiled once per distinct list and cached.

import { foldForMatching } from "./normalize.ts";
import type { ModerationPolicy } from "./policy.ts";
import { compileLiteral, type TermMatcher } from "./profanity.ts";

export interface PolicyTerms {
  /** Matches the blocked terms as whole words (plural allowed); null when there are none. */
  blocked: TermMatcher | null;
  /** Allowed terms and phrases, folded: a match inside one of them is dropped. */
  allowed: string[];
  /** Allowed terms as canonical names: a built-in term of that name is dropped wherever it matches. */
  allowedNames: ReadonlySet<string>;
}

const noPolicyTerms: PolicyTerms = { blocked: null, allowed: [], allowedNames: new Set() };
const cache = new Map<string, PolicyTerms>();
const cacheLimit = 1000;

function foldTerm(term: string): string {
  return foldForMatching(term)
    .split(/[^a-z0-9']+/)
    .filter((word) => word.length > 0)
    .join(" ");
}

function compileBlocked(terms: readonly string[]): TermMatcher | null {
  // A single character would match every standalone "c" of "c++".
  const folded = [...new Set(terms.map(foldTerm).filter((term) => term.length > 1))];
  if (folded.length === 0) return null;
  const regex = new RegExp(
    folded.map((term) => `((?<![a-z0-9])${compileLiteral(term)}(?:e?s)?(?![a-z0-9]))`).join("|"),
    "g",
  );
  return { regex, terms: folded.map((term) => ({ term, category: "blocked", severity: "moderate", allow: [] })) };
}

function compile(policy: ModerationPolicy): PolicyTerms {
  const allowed = [...new Set(policy.allowedTerms.map(foldTerm).filter((term) => term.length > 0))];
  return { blocked: compileBlocked(policy.blockedTerms), allowed, allowedNames: new Set(allowed) };
}

/** The compiled term lists of a policy, from a cache keyed by the lists' contents. */
export function policyTerms(policy: ModerationPolicy): PolicyTerms {
  if (policy.blockedTerms.length === 0 && policy.allowedTerms.length === 0) return noPolicyTerms;
  const key = JSON.stringify([policy.blockedTerms, policy.allowedTerms]);
  let terms = cache.get(key);
  if (terms === undefined) {
    terms = compile(policy);
    // Rooms rarely change their lists; forget the oldest entry rather than grow without bound.
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value ?? key);
    cache.set(key, terms);
  }
  return terms;
}
