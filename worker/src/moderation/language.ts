// The message's language, when it is clearly not English: a few listed English words are everyday
// words of other languages ("Nå er det slutt på ferien", "zu dick"; terms.ts wordsOfOtherLanguages).
// tinyld: a small n-gram language detector with its data in the package (no download), asked only
// when such a word matched and a frequent word of those languages is present (terms.ts
// languageHints), so that it costs nothing on most messages.

import { detectAll } from "tinyld";

/** Below this, tinyld is guessing (short or mixed messages). */
const CONFIDENT = 0.1;

/** Whether a word of `hints` appears: without one, the message is read as English without asking the detector. */
function hasHint(text: string, hints: ReadonlySet<string>): boolean {
  for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) if (hints.has(word)) return true;
  return false;
}

/** The ISO 639-1 code of the message's language when it is not English and clearly so; null otherwise. */
export function otherLanguage(text: string, hints: ReadonlySet<string>): string | null {
  if (!hasHint(text, hints)) return null;
  const [top, ...rest] = detectAll(text);
  if (top === undefined || top.lang === "en" || top.accuracy < CONFIDENT) return null;
  const english = rest.find((candidate) => candidate.lang === "en")?.accuracy ?? 0;
  return english * 2 <= top.accuracy ? top.lang : null;
}
