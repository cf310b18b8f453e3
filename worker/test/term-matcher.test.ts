// The term matcher branches on the letter a match starts with (profanity.ts). It must find exactly
// what one plain alternation of the same terms, in the same order, finds: the same term at the same
// place, with the same length.

import { parseRawPattern } from "obscenity";
import { describe, expect, it } from "vitest";
import { devSetPath, readLabelledCsv } from "../src/moderation/evaluation.ts";
import { foldForMatching } from "../src/moderation/normalize.ts";
import {
  buildTermMatcher,
  builtInMatcher,
  builtInTerms,
  compilePattern,
  compileTerm,
  findTerms,
  otherLanguageSourceTerms,
  otherLanguagesMatcher,
  type SourceTerm,
  type TermMatcher,
} from "../src/moderation/profanity.ts";

const term = (word: string, severity: SourceTerm["severity"], patterns: string[]): SourceTerm => ({
  term: word,
  category: "profanity",
  severity,
  allow: [],
  sources: patterns.map((raw) => compilePattern(parseRawPattern(raw))),
});

// Overlapping starts, an optional first part, word-start and word-end marks, a wildcard, a space.
const terms = [
  term("ass", "mild", ["|ass|", "|asses|"]),
  term("asshole", "severe", ["asshole", "a?shole"]),
  term("orgasm", "moderate", ["[or]gasm"]),
  term("gash", "moderate", ["|gash|"]),
  term("dick", "moderate", ["|dick", "dikk"]),
  term("white trash", "severe", ["white trash"]),
  term("shit", "moderate", ["shit", "sh?t"]),
];

/** The matcher as one alternation of every term, severe first: what the branching one replaces. */
function plainAlternation(sourceTerms: readonly SourceTerm[]): TermMatcher {
  const order = { severe: 0, moderate: 1, mild: 2 };
  const ordered = [...sourceTerms].sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    regex: new RegExp(ordered.map((t) => `(${t.sources.join("|")})`).join("|"), "g"),
    terms: ordered.map(compileTerm),
  };
}

const found = (matcher: TermMatcher, text: string) =>
  findTerms(matcher, foldForMatching(text), []).map((hit) => `${hit.term}@${hit.start}:${hit.excerpt}`);

describe("the term matcher", () => {
  const branching = buildTermMatcher(terms);
  const plain = plainAlternation(terms);

  it.each([
    "you asshole",
    "kiss my ass, asses everywhere",
    "a shole and a gasm, an orgasm, orrgasm",
    "the gash was deep; gashes",
    "dick, dikk, moby dick, addicks",
    "whitetrash and white  trash",
    "shit, sht, shiit, this hit",
    "bass class passes",
  ])("finds what one alternation finds: %s", (text) => {
    expect(found(branching, text)).toEqual(found(plain, text));
  });

  it("finds what one alternation finds over the development set", () => {
    const texts = readLabelledCsv(devSetPath).map((message) => message.text);
    const differing = texts.filter((text) => found(branching, text).join() !== found(plain, text).join());
    expect(differing).toEqual([]);
    // The comparison means something only if the terms are found often.
    expect(texts.filter((text) => found(plain, text).length > 0).length).toBeGreaterThan(500);
  });

  it.each([
    ["English", builtInMatcher, builtInTerms],
    ["other languages'", otherLanguagesMatcher, otherLanguageSourceTerms],
  ] as const)(
    "finds what one alternation finds with the built-in %s list, over the development set",
    (_list, matcher, sourceTerms) => {
      const reference = plainAlternation(sourceTerms);
      const texts = readLabelledCsv(devSetPath).map((message) => message.text);
      expect(texts.filter((text) => found(matcher, text).join() !== found(reference, text).join())).toEqual([]);
    },
  );

  it("refuses a pattern that cannot be branched on its first letter", () => {
    expect(() => buildTermMatcher([term("?ss", "mild", ["?ss"])])).toThrow(/must start with a letter/);
  });
});
