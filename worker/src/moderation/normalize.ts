// Obfuscation folding: turn a message into lowercase ASCII letters where a
// word list can match it. "$h1t", "ｓｈｉｔ", "ѕhіt", "s.h.i.t", "s h i t" and
// "shiiiit" all fold to "shit" (or "shiit", which the compiled patterns accept).
// Non-letters stay in place so patterns can still see word boundaries.

import { resolveConfusablesTransformer } from "obscenity";

// obscenity's confusables table (from the `confusables` project) maps look-alikes
// from many scripts (Cyrillic, Greek, Cherokee, enclosed letters, ...) to ASCII.
const confusables = resolveConfusablesTransformer();

/** Characters the confusables table misses or maps unhelpfully (it maps "ß" to "B"). */
const unicodeOverrides: ReadonlyMap<string, string> = new Map([
  ["ß", "ss"],
  ["æ", "ae"],
  ["œ", "oe"],
  ["ø", "o"],
  ["ł", "l"],
  ["đ", "d"],
  ["ı", "i"],
  ["ɑ", "a"],
  ["μ", "u"],
  ["µ", "u"],
  // Like "!": a letter between letters ("sh¡t"), Spanish's opening mark before a word ("¡te voy a matar!").
  ["¡", "!"],
  ["€", "e"],
  // Typographic apostrophes (phones type "I’ll"): the threat patterns know the plain one.
  ["\u2019", "'"],
  ["\u2018", "'"],
  ["\u02bc", "'"],
  ["\u2032", "'"],
]);

/** Invisible characters used to split a word without showing it: dropped. */
const invisible =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]/g;

const foldedCodePoints = new Map<number, string>();

function foldCodePoint(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  let folded = foldedCodePoints.get(codePoint);
  if (folded === undefined) {
    folded = unicodeOverrides.get(char) ?? char;
    if (folded === char) {
      const mapped = confusables.transform(codePoint);
      if (mapped !== undefined && mapped < 0x80) folded = String.fromCharCode(mapped).toLowerCase();
    }
    foldedCodePoints.set(codePoint, folded);
  }
  return folded;
}

function foldUnicode(text: string): string {
  // NFKD splits accents off (é -> e + U+0301) and folds compatibility forms
  // (fullwidth, mathematical bold, circled letters) to plain letters.
  const decomposed = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(invisible, "")
    .toLowerCase();
  let folded = "";
  for (const char of decomposed) folded += char.charCodeAt(0) < 0x80 ? char : foldCodePoint(char);
  return folded;
}

/** Leetspeak: which letter a digit or symbol stands for, when it sits in a word. */
const leet: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "6": "g",
  "7": "t",
  "9": "g",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "i",
};

// A run of letters and leet characters; only runs with at least one letter are words.
const leetRun = /[a-z0-9@$!|]{2,}/g;
const hasLeet = /[0-9@$!|]/;
const hasLetter = /[a-z]/;

function isLetter(char: string): boolean {
  return char >= "a" && char <= "z";
}

function resolveLeetInRun(run: string): string {
  if (!hasLeet.test(run) || !hasLetter.test(run)) return run;
  let out = "";
  for (let i = 0; i < run.length; i++) {
    const char = run.charAt(i);
    const letter = leet[char];
    if (letter === undefined) {
      out += char;
      continue;
    }
    if (char === "!" || char === "|") {
      // Punctuation after a word ("shit!", "hoes!!") is punctuation; between letters ("b!tch") a letter.
      out += isLetter(run.charAt(i - 1)) && isLetter(run.charAt(i + 1)) ? letter : char;
    } else if (char === "@") {
      // "@name" is a mention; "@ss" and "@$$" are not.
      const next = run.charAt(i + 1);
      out += i > 0 || next === "s" || next === "$" || next === "5" ? letter : char;
    } else {
      out += letter;
    }
  }
  return out;
}

// Three or more single characters separated by the same kind of separator:
// "f u c k", "f.u.c.k", "f-u-c-k", "f_u_c_k", "f*u*c*k" are joined into one word.
// Line breaks count: a message may put each letter on a line of its own.
const spacedLetters =
  /(?<![a-z0-9@$*])(?:[a-z0-9@$*](?:[ .\-_,~+:/\\|•·\r\n]{1,3}))(?:[a-z0-9@$*][ .\-_,~+:/\\|•·\r\n]{1,3}){1,}[a-z0-9@$*](?![a-z0-9@$*])/g;
const separators = /[ .\-_,~+:/\\|•·\r\n]+/g;
const hasSpacedLetters = /(?:^|[^a-z0-9@$*])[a-z0-9@$*][ .\-_,~+:/\\|•·\r\n]{1,3}[a-z0-9@$*](?:[^a-z0-9@$*]|$)/;

// Links keep their host ("pornhub.com") but lose the path, whose random letters match words by chance.
const linkPath = /(https?:\/\/[^\s/?#]+)[^\s"'“”‘’<>]*/g;
// "@name" names a user: what the author wrote is the rest. "@ss" and "@$$hole" are leetspeak, kept:
// a name of at most six characters starting "ss", "55", "s5" or "5s" is no name.
const mention = /(?<![a-z0-9_@$])@(?!(?:ss|55|s5|5s)[a-z0-9_]{0,4}(?![a-z0-9_]))[a-z0-9_]+/g;

function dropLinksAndMentions(text: string): string {
  const out = text.includes("://") ? text.replace(linkPath, "$1 ") : text;
  return out.includes("@") ? out.replace(mention, " ") : out;
}

// "fuuuuck" -> "fuuck": three or more of a letter is emphasis; patterns accept one or two.
const repeatedLetters = /([a-z])\1{2,}/g;

/** Whether a letter comes three times in a row: a loop, cheaper than the replace on most messages, which have none. */
function hasRepeatedLetter(text: string): boolean {
  for (let i = 2; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122 && code === text.charCodeAt(i - 1) && code === text.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * Fold a message for matching: Unicode look-alikes and accents to ASCII, lowercase,
 * @mentions and link paths blanked, spaced-out letters joined, leetspeak resolved inside words, long letter runs shortened.
 * Pure and fast: ASCII messages skip the Unicode step.
 */
export function foldForMatching(text: string): string {
  let folded = dropLinksAndMentions(/^[\x00-\x7f]*$/.test(text) ? text.toLowerCase() : foldUnicode(text));
  if (hasSpacedLetters.test(folded)) {
    folded = folded.replace(spacedLetters, (run) => run.replace(separators, ""));
  }
  if (hasLeet.test(folded)) folded = folded.replace(leetRun, resolveLeetInRun);
  return hasRepeatedLetter(folded) ? folded.replace(repeatedLetters, "$1$1") : folded;
}

// "1", "|" and a capital "I" inside a word also stand for "l" ("ki11", "kiII", "sIut"), where leetspeak reads "i".
const ellLookalikes = /(?<=[a-z])[I1|]+|[1|]+(?=[a-zA-Z])/g;
// The same test written to start at the rare character: the search skips ahead to it.
const hasEllLookalike = /(?<=[a-z])[I1|]|[1|](?=[a-zA-Z])/;

/**
 * The message folded once more with those characters read as "l", for the
 * words foldForMatching reads as "i"; null when it has none (most messages).
 */
export function foldWithEll(text: string): string | null {
  if (!hasEllLookalike.test(text)) return null;
  return foldForMatching(text.replace(ellLookalikes, (run) => "l".repeat(run.length)));
}

/** The text with each span blanked out, its length kept (later spans still point at the same words). */
export function withoutSpans(text: string, spans: readonly (readonly [start: number, end: number])[]): string {
  let read = text;
  for (const [from, to] of spans) read = read.slice(0, from) + " ".repeat(to - from) + read.slice(to);
  return read;
}
