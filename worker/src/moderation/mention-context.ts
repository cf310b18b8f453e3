// When a listed word is mentioned rather than used: quoted or reported ("he called me a 'b*tch'",
// "the word 'tranny' is a slur") or part of a name (Plymouth Hoe, Bitche, Moby Dick). The word then
// does not count on its own; the classifier still reads the whole message. Said to the person
// addressed ("you're a 'snowflake'", "you Dick") it always counts.

import { ADDRESSEE, ADDRESSEE_IS } from "./addressee.ts";

export type MentionContext = "quoted" | "name";

const QUOTES = new Set(["'", '"', "“", "”", "‘", "’", "«", "»", "`"]);
const isLetter = (char: string | undefined) => char !== undefined && /\p{L}/u.test(char);

/** Whether the quote character at `at` opens or closes a quotation, not an apostrophe inside a word ("you're"). */
function isQuotation(text: string, at: number): boolean {
  const char = text[at] ?? "";
  if (!QUOTES.has(char)) return false;
  return !(isLetter(text[at - 1]) && isLetter(text[at + 1]));
}

/** Inside a quotation: an odd number of quotation marks since the sentence began, and one after. */
function insideQuotes(folded: string, start: number, end: number): boolean {
  const sentenceStart = Math.max(0, ...[".", "!", "?", "\n"].map((mark) => folded.lastIndexOf(mark, start - 1) + 1));
  let before = 0;
  for (let at = sentenceStart; at < start; at++) if (isQuotation(folded, at)) before++;
  if (before % 2 === 0) return false;
  for (let at = end; at < folded.length; at++) if (isQuotation(folded, at)) return true;
  return false;
}

// "the word", "that slur", "called me a", "calling her", "said", "keeps posting", "stop using".
const reportingCue =
  /(?<![a-z])(?:(?:the|that|this|a|those|these)\s+(?:words?|slurs?|terms?|insults?|phrases?)|(?:called|calling|call|calls)\s+(?:me|him|her|them|us|someone|people|my\s+[a-z]+|[a-z]+)(?:\s+an?)?|(?:said|says|saying|say|yelled|shouted|screamed|wrote|writes|typed|posted|posting|posts|using|uses|used|use)|(?:words?|slurs?|insults?)\s+like|n-word)(?:\s+[a-z'"“”‘’*-]+){0,4}?\s*['"“”‘’«»`]?$/;

function reported(folded: string, start: number): boolean {
  return reportingCue.test(folded.slice(Math.max(0, start - 60), start));
}

// "you hoe", "you're such a 'dyke'", "ur a dick": said of the addressee.
const addressedBefore = new RegExp(
  `(?<![a-z'])(?:${ADDRESSEE}|${ADDRESSEE_IS})\\s+(?:[a-z'"“”‘’*]+\\s+){0,2}['"“”‘’«»\`]?$`,
);

/** Whether the words before [start] say the term of the person addressed. */
export function addressedAt(folded: string, start: number): boolean {
  return addressedBefore.test(folded.slice(Math.max(0, start - 40), start));
}

// Inflections that keep a capitalised word a use of the term ("Bitches", "Fucking"), not a name.
const INFLECTION = /^(?:s|es|ed|er|ers|ing|y|ies)$/;

/** A capitalised word of the original text, lower-cased, and whether it stands in a run of capitalised words. */
export interface NameWord {
  word: string;
  inRun: boolean;
}

/**
 * The words of the original text that read as names: capitalised, not starting a sentence, in a
 * message written neither in capitals nor in Title Case.
 */
export function nameWords(text: string): NameWord[] {
  const words = [...text.matchAll(/\p{L}[\p{L}'-]*/gu)].map((match) => ({
    word: match[0],
    capitalised: /^\p{Lu}\p{Ll}/u.test(match[0]),
    sentenceStart: /(?:^|[.!?:]\s*)$/.test(text.slice(0, match.index).trimEnd()),
  }));
  // In capitals or Title Case, capitals say nothing: most words past a sentence's start have them.
  const inside = words.filter((word) => !word.sentenceStart);
  const capitalised = inside.filter((word) => /^\p{Lu}/u.test(word.word)).length;
  if (inside.length === 0 || capitalised * 4 >= inside.length * 3) return [];
  return words.flatMap((word, index) => {
    if (!word.capitalised || word.sentenceStart) return [];
    const inRun = words[index - 1]?.capitalised === true || words[index + 1]?.capitalised === true;
    return [{ word: word.word.toLowerCase(), inRun }];
  });
}

/**
 * How a term found at [start, end) of the folded text is mentioned, or null when it is used.
 * A name either holds the term inside a longer word (Bitche, Wankdorf, Cockermouth) or is the term
 * itself next to another capitalised word (Plymouth Hoe, Moby Dick). `names`: nameWords() of the text.
 */
export function mentionContext(
  folded: string,
  start: number,
  end: number,
  names: readonly NameWord[],
): MentionContext | null {
  if (addressedAt(folded, start)) return null;
  if (insideQuotes(folded, start, end) || reported(folded, start)) return "quoted";
  const word = wordAround(folded, start, end);
  const name = names.find((candidate) => candidate.word === word);
  if (name === undefined) return null;
  const around = word.replace(folded.slice(start, end), "");
  if (around.length > 0 && !INFLECTION.test(around)) return "name";
  return name.inRun ? "name" : null;
}

function wordAround(folded: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && /[a-z]/.test(folded[from - 1] ?? "")) from--;
  while (to < folded.length && /[a-z]/.test(folded[to] ?? "")) to++;
  return folded.slice(from, to);
}
