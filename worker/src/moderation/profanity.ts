// The term matcher: obscenity's English dataset plus terms.ts, compiled once into a
// single regular expression over folded text (normalize.ts). One regex pass per
// message instead of obscenity's one pass per pattern keeps moderate() fast.

import { englishDataset, type Node, type ParsedPattern, parseRawPattern, SyntaxKind } from "obscenity";
import { englishDatasetAllow, englishDatasetClasses, englishDatasetDroppedPatterns } from "./english-dataset.ts";
import { addressedAt } from "./mention-context.ts";
import { foldForMatching } from "./normalize.ts";
import { extraTerms, innocentContexts, type TermDefinition } from "./terms.ts";
import { otherLanguageTerms } from "./terms-other-languages.ts";
import type { FindingSeverity, TermCategory } from "./verdict.ts";

export interface TermMatcher {
  regex: RegExp;
  /** `terms[g - 1]` is the term of `regex`'s capture group g (a term may own several groups). */
  terms: CompiledTerm[];
  /**
   * When set (buildTermMatcher), `regex` has no capture groups and only finds where a term matches
   * (`terms` lists them all); the sticky matcher of the match's first letter says which term. A match
   * of one regex with a group per term cost more than the search itself: V8 fills in every group.
   */
  letterMatchers?: ReadonlyMap<string, TermMatcher>;
}

export interface CompiledTerm {
  term: string;
  category: TermCategory;
  severity: FindingSeverity;
  /** Folded innocent words or phrases that, when they contain a match, cancel it. */
  allow: string[];
  /** Words showing the innocent sense ("garden" for "hoe"): when present, the term does not count. */
  innocentContext?: RegExp;
  /** For a word of another language's list (terms-other-languages.ts), that language. */
  language?: string;
  /** A pattern over words (a threat, an attack on a group), not a listed word: its accents are its language's. */
  phrase?: true;
}

/** A term found in folded text, with where it sits there. */
export interface TermHit extends CompiledTerm {
  start: number;
  end: number;
  /** The folded text that matched. */
  excerpt: string;
}

const notLetterBefore = "(?<![a-z])";
const notLetterAfter = "(?![a-z])";
// A space in a pattern: any short run of non-letters, or none ("white trash", "whitetrash").
const patternSpace = "[^a-z]{0,3}";
// A wildcard stands for one letter or a masking symbol ("f*ck", "f@ck").
const patternWildcard = "[a-z*#%@$!?._-]";

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}

/** Literal text to regex source: single letters may double ("fuuck"), real double letters stay double. */
export function compileLiteral(text: string): string {
  let source = "";
  for (let i = 0; i < text.length; ) {
    const char = text.charAt(i);
    let run = 1;
    while (text.charAt(i + run) === char) run++;
    if (char === " ") source += patternSpace;
    // "xx?", not "x{1,2}": the same match in fewer characters, which keeps the whole list's regex under
    // the size V8 compiles to machine code (see REGEX_SIZE_LIMIT).
    else if (char >= "a" && char <= "z") source += run === 1 ? `${char}${char}?` : char.repeat(run);
    else source += escapeRegex(char).repeat(run);
    i += run;
  }
  return source;
}

function compileNode(node: Node): string {
  switch (node.kind) {
    case SyntaxKind.Literal:
      return compileLiteral(String.fromCodePoint(...node.chars));
    case SyntaxKind.Optional:
      return `(?:${compileNode(node.childNode)})?`;
    case SyntaxKind.Wildcard:
      return patternWildcard;
  }
}

export function compilePattern(pattern: ParsedPattern): string {
  const body = pattern.nodes.map(compileNode).join("");
  return (
    (pattern.requireWordBoundaryAtStart ? notLetterBefore : "") +
    body +
    (pattern.requireWordBoundaryAtEnd ? notLetterAfter : "")
  );
}

export interface SourceTerm extends CompiledTerm {
  sources: string[];
}

function englishDatasetTerms(): SourceTerm[] {
  const built = englishDataset.build();
  const dropped = new Set(englishDatasetDroppedPatterns.map((raw) => compilePattern(parseRawPattern(raw))));
  const byWord = new Map<string, SourceTerm>();
  for (const { id, pattern } of built.blacklistedTerms) {
    const source = compilePattern(pattern);
    if (dropped.has(source)) continue;
    const word = englishDataset.getPayloadWithPhraseMetadata({ termId: id, startIndex: 0, endIndex: 0, matchLength: 0 })
      .phraseMetadata?.originalWord;
    if (word === undefined) continue;
    const classes = englishDatasetClasses[word];
    if (classes === null) continue;
    let term = byWord.get(word);
    if (term === undefined) {
      term = {
        term: word,
        category: classes?.category ?? "profanity",
        severity: classes?.severity ?? "moderate",
        allow: [...(englishDatasetAllow[word] ?? [])],
        sources: [],
      };
      byWord.set(word, term);
    }
    term.sources.push(source);
  }
  // obscenity keeps one whitelist for the whole dataset; give each entry to the terms it protects.
  for (const whitelisted of built.whitelistedTerms ?? []) {
    for (const term of byWord.values()) {
      if (new RegExp(term.sources.join("|")).test(whitelisted)) term.allow.push(whitelisted);
    }
  }
  return [...byWord.values()];
}

function extraTermSources(definition: TermDefinition): SourceTerm {
  return {
    term: definition.term,
    category: definition.category,
    severity: definition.severity,
    allow: [...(definition.allow ?? [])],
    sources: definition.patterns.map((raw) => compilePattern(parseRawPattern(raw))),
  };
}

const severityOrder: Record<FindingSeverity, number> = { severe: 0, moderate: 1, mild: 2 };

function contextRegex(term: string): RegExp | undefined {
  const words = innocentContexts[term];
  return words === undefined ? undefined : new RegExp(`${notLetterBefore}(?:${words.join("|")})${notLetterAfter}`);
}

/**
 * V8 runs a regular expression whose source is longer than this (20 KiB) in its bytecode interpreter,
 * never as machine code: one list of the English and the other languages' terms, at 25,000
 * characters, made the whole verdict three times slower. A test holds each list under it.
 */
export const REGEX_SIZE_LIMIT = 20 * 1024;

/** A term as findTerms reads it: its allowed phrases folded, the words that show its innocent sense. */
export function compileTerm({ sources: _sources, ...definition }: SourceTerm): CompiledTerm {
  const innocentContext = contextRegex(definition.term);
  const compiled: CompiledTerm = { ...definition, allow: definition.allow.map(foldForMatching) };
  if (innocentContext !== undefined) compiled.innocentContext = innocentContext;
  return compiled;
}

// After a pattern's first letter is consumed, "no letter before the pattern" is "no letter, then any
// character, before here".
const notLetterBeforeConsumed = "(?<![a-z].)";

/**
 * A pattern's source as [its first letter, the rest after that letter], one pair per way it can start:
 * "(?:oo?rr?)?gg?aa?" starts with "o" or "g". Throws on a pattern that starts with anything else.
 */
function byFirstLetter(source: string, afterLetter = ""): [letter: string, rest: string][] {
  if (source.startsWith(notLetterBefore))
    return byFirstLetter(source.slice(notLetterBefore.length), notLetterBeforeConsumed);
  const first = source.charAt(0);
  if (first >= "a" && first <= "z") return [[first, afterLetter + source.slice(1)]];
  if (source.startsWith("(?:")) {
    let depth = 0;
    let close = 0;
    for (let i = 0; i < source.length && close === 0; i++) {
      if (source[i] === "\\") i++;
      else if (source[i] === "(") depth++;
      else if (source[i] === ")" && --depth === 0) close = i;
    }
    if (source.charAt(close + 1) === "?") {
      // Greedy: with the optional part first, as the regex engine would try them.
      const rest = source.slice(close + 2);
      const prefix = afterLetter === "" ? "" : notLetterBefore;
      return [
        ...byFirstLetter(prefix + source.slice(3, close) + rest, afterLetter),
        ...byFirstLetter(prefix + rest, afterLetter),
      ];
    }
  }
  throw new Error(`a term pattern must start with a letter: ${source}`);
}

/**
 * One regex for the terms, branching first on the letter a match starts with: the engine tests one
 * letter per branch, then only the patterns starting with it, where one alternation of every term
 * tried each term at every position (a sixth of the whole verdict's time, measured). Within a letter,
 * terms keep their order, so the same term wins at a position as before. `wordStarts`: every pattern
 * starts a word, so the "no letter before" test is made once per position (most positions are inside
 * a word, and fail there at once): the other languages' list scanned in a third of the time.
 */
export function buildTermMatcher(terms: SourceTerm[], { wordStarts = false } = {}): TermMatcher {
  // At one position the first alternative wins: list severe terms first.
  const ordered = [...terms].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  const sourceOf = (source: string) => {
    if (!wordStarts) return source;
    if (!source.startsWith(notLetterBefore)) throw new Error(`not a word-start pattern: ${source}`);
    return source.slice(notLetterBefore.length);
  };
  const branches = new Map<string, { alternatives: string[]; terms: CompiledTerm[] }>();
  for (const term of ordered) {
    const { sources } = term;
    const compiled = compileTerm(term);
    const restsByLetter = new Map<string, string[]>();
    for (const source of sources)
      for (const [letter, rest] of byFirstLetter(sourceOf(source))) {
        const rests = restsByLetter.get(letter) ?? [];
        rests.push(rest);
        restsByLetter.set(letter, rests);
      }
    for (const [letter, rests] of restsByLetter) {
      const branch = branches.get(letter) ?? { alternatives: [], terms: [] };
      branch.alternatives.push(rests.join("|"));
      branch.terms.push(compiled);
      branches.set(letter, branch);
    }
  }
  const letters = [...branches.keys()].sort();
  const alternation = (sources: string[], open: "(" | "(?:") => sources.map((source) => `${open}${source})`).join("|");
  // The search needs no groups; a letter's matcher, asked only where a match starts, has one per term.
  const alternatives = letters
    .map((letter) => `${letter}(?:${alternation(branches.get(letter)?.alternatives ?? [], "(?:")})`)
    .join("|");
  const letterMatchers = new Map<string, TermMatcher>();
  for (const [letter, branch] of branches) {
    const source = `${wordStarts ? notLetterBefore : ""}${letter}(?:${alternation(branch.alternatives, "(")})`;
    letterMatchers.set(letter, { regex: new RegExp(source, "y"), terms: branch.terms });
  }
  return {
    regex: new RegExp(wordStarts ? `${notLetterBefore}(?:${alternatives})` : alternatives, "g"),
    terms: letters.flatMap((letter) => branches.get(letter)?.terms ?? []),
    letterMatchers,
  };
}

/** The built-in English list: obscenity's English dataset plus terms.ts. */
export const builtInTerms: readonly SourceTerm[] = [...englishDatasetTerms(), ...extraTerms.map(extraTermSources)];
export const builtInMatcher: TermMatcher = buildTermMatcher([...builtInTerms]);

/** The other languages' list (terms-other-languages.ts): whole words or word starts only. */
export const otherLanguageSourceTerms: readonly SourceTerm[] = otherLanguageTerms.map(
  ({ language, ...definition }) => ({
    ...extraTermSources(definition),
    language,
  }),
);
export const otherLanguagesMatcher: TermMatcher = buildTermMatcher([...otherLanguageSourceTerms], { wordStarts: true });

function startsWord(folded: string, at: number): boolean {
  const before = folded.charCodeAt(at - 1);
  return !(before >= 97 && before <= 122);
}

/** Whether [start, end) of the folded text lies inside an occurrence of a phrase that starts a word. */
export function insideAny(folded: string, start: number, end: number, phrases: readonly string[]): boolean {
  // Only an occurrence starting between end - length and start can hold the match: look there, not
  // through the rest of the text (a long message dense with listed words has hundreds of matches).
  for (const phrase of phrases)
    for (let at = Math.max(0, end - phrase.length); at <= start; at++)
      if (folded.startsWith(phrase, at) && startsWord(folded, at)) return true;
  return false;
}

/** The term a match of the matcher's regex is of: the first whose group took part in the match. */
function matchedTerm(matcher: TermMatcher, folded: string, match: RegExpExecArray): CompiledTerm | undefined {
  let groups: RegExpExecArray | null = match;
  let { terms } = matcher;
  const letter = matcher.letterMatchers?.get(folded.charAt(match.index));
  if (letter !== undefined) {
    // At the same place, the letter's alternatives match as the whole regex's did: the same text.
    letter.regex.lastIndex = match.index;
    groups = letter.regex.exec(folded);
    terms = letter.terms;
  }
  if (groups === null) return undefined;
  let group = 1;
  while (groups[group] === undefined) group++;
  return terms[group - 1];
}

/** Where in the folded text a term stands in an innocent sense (see findTerms). */
export type Span = [start: number, end: number];

/**
 * Every term of the matcher found in the folded text, minus those inside an allowed phrase or
 * shown innocent by their context ("a garden hoe"); those go to `setAside` when it is given.
 */
export function findTerms(
  matcher: TermMatcher,
  folded: string,
  allowed: readonly string[],
  setAside?: Span[],
): TermHit[] {
  const hits: TermHit[] = [];
  const { regex } = matcher;
  // Whether a term's innocent sense shows anywhere in the message: the same for each of its matches.
  let innocentSenseShown: Map<CompiledTerm, boolean> | undefined;
  const showsInnocentSense = (term: CompiledTerm) => {
    if (term.innocentContext === undefined) return false;
    innocentSenseShown ??= new Map();
    let shown = innocentSenseShown.get(term);
    if (shown === undefined) {
      shown = term.innocentContext.test(folded);
      innocentSenseShown.set(term, shown);
    }
    return shown;
  };
  regex.lastIndex = 0;
  for (let match = regex.exec(folded); match !== null; match = regex.exec(folded)) {
    const term = matchedTerm(matcher, folded, match);
    const start = match.index;
    const end = start + match[0].length;
    if (term === undefined) break;
    if (
      insideAny(folded, start, end, term.allow) ||
      (allowed.length > 0 && insideAny(folded, start, end, allowed)) ||
      // "you dirty hoe": said to someone, the word is the insult whatever the garden around it.
      (showsInnocentSense(term) && !addressedAt(folded, start))
    ) {
      setAside?.push([start, end]);
      // Look again from the next character: a real term may start inside the innocent word.
      regex.lastIndex = start + 1;
      continue;
    }
    hits.push({ ...term, start, end, excerpt: match[0] });
  }
  return hits;
}
