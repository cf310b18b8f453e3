// When a listed word is mentioned rather than used: quoted or reported ("he called me a 'b*tch'",
// "the word 'tranny' is a slur"), part of a name (Plymouth Hoe, Bitche, Moby Dick), or a word of
// another language (see language.ts). The word then does not count on its own; the classifier still
// reads the whole message. Said to the person addressed ("you're a 'snowflake'") it always counts.

import { ADDRESSEE, ADDRESSEE_IS } from "./addressee.ts";
import { ANY_QUOTATION_MARK, isQuotation, reportedQuotations } from "./reported-speech.ts";

export type MentionContext = "quoted" | "reported" | "name" | "another language" | "banter";

// Laughter (jaja, kkkk, mdr, ahah too) or a wink: "I'm gonna kill you for posting that 😂".
const JOKE_MARK =
  /(?<![a-z])(?:lol+|lmao+|rofl|haha[ha]*|hehe[he]*|ahah[ah]*|jaja[ja]*|jeje[je]*|hihi[hi]*|k{3,}|rs(?:rs)+|mdr|ptdr|xd|jk|j\/k|just\s+kidding)(?![a-z])|[😂🤣😆😜😝😛😉😘❤💕😅]/u;
// A game: "I'll end you next round".
const GAME_MARK =
  /(?<![a-z])(?:gg|rematch|next\s+(?:round|game|match|time\s+we\s+play)|1v1|in\s+game|respawn)(?![a-z])|🎮/u;

/** How a message is marked as friendly: as a game's talk, as a joke, or not at all. */
export type FriendlyMark = "game" | "joke" | null;

// Affection said outright: "te amo", "je t'aime quand même", a heart or a kiss.
const AFFECTION =
  /(?<![a-z])(?:te\s+(?:amo|quiero|adoro)|je\s+t'(?:aime|adore)|ich\s+(?:liebe\s+dich|hab\s+dich\s+lieb)|ti\s+(?:amo|voglio\s+bene|adoro)|hou\s+van\s+(?:je|jou)|love\s+(?:you|u|ya))(?![a-z])|[❤💕😘🥰😍💖💗]/u;

/**
 * A threat of violence in a message marked as friendly (laughter, a wink, a game) is banter: it does
 * not count on its own, and the classifier reads the message; intimidation only in a game's talk.
 * Wishing death or self-harm on someone is never banter ("kys lol"). Contempt in another language,
 * and a put-down, is banter only beside affection ("t'es trop bête 😘", "vc é muito burro, te amo"):
 * laughter comes with abuse as often.
 */
export function isBanter(friendly: FriendlyMark, term: string, folded: string): boolean {
  if (term === "contempt said to someone" || term === "put-down aimed at someone") return AFFECTION.test(folded);
  // Menace is a game's only in a game: "watch your back next round".
  if (term === "intimidation") return friendly === "game";
  return term === "threat of violence" && friendly !== null;
}

/** Read once per message (moderate()): the rules' threats and decide() both use it. */
export function friendlyMark(folded: string): FriendlyMark {
  return GAME_MARK.test(folded) ? "game" : JOKE_MARK.test(folded) ? "joke" : null;
}

/** Words in a quotation that mentions a word or a phrase ("'tranny'", "'I will find you'"), not a reposted message. */
const MAX_QUOTED_WORDS = 5;

/**
 * Inside a short quotation: an odd number of quotation marks since the sentence began, one after,
 * and at most a few words between them. A long quotation is a message passed on, not a word held up.
 */
function insideQuotes(folded: string, start: number, end: number): boolean {
  const sentenceStart = Math.max(0, ...[".", "!", "?", "\n"].map((mark) => folded.lastIndexOf(mark, start - 1) + 1));
  let before = 0;
  let opened = -1;
  for (let at = sentenceStart; at < start; at++)
    if (isQuotation(folded, at)) {
      before++;
      opened = at;
    }
  if (before % 2 === 0) return false;
  for (let at = end; at < folded.length; at++) {
    if (!isQuotation(folded, at)) continue;
    const quoted = folded.slice(opened + 1, at).trim();
    return !quoted.startsWith("@") && quoted.split(/\s+/).length <= MAX_QUOTED_WORDS;
  }
  return false;
}

// "the word", "that slur", "slurs like", "called me a", "calling her", "got called a", "told her to", "being told
// to" (not "told you to", said again to the person addressed): right before the term (a
// quotation mark aside), or before a list of them ("called me a bitch and a whore"). Bare verbs ("said", "use") report only with the words quoted, which
// insideQuotes() reads.
const reportingCue =
  /(?<![a-z])(?:(?:the|that|this|those|these)\s+(?:words?|slurs?|terms?|insults?|phrases?)|(?:words?|slurs?|insults?|terms?)\s+like|(?:(?:called|calling|call|calls)\s+(?:me|him|her|them|us|you|someone|somebody|people|my\s+[a-z]+)|(?:got|get|gets|getting|was|were|been|being)\s+called)(?:\s+(?:a|an|the))?|(?:told\s+(?:me|him|her|them|us|someone|somebody|people|my\s+[a-z]+)|(?:be|been|being|was|were|get|got|getting)\s+told)\s+to)(?:\s+[a-z*'-]+(?:\s*,|\s+and|\s+or)(?:\s+(?:a|an))?)*\s*['"“”‘’«»`]?$/;

/** Words every reporting cue holds: a cheap test before the pattern. */
const CUE_STEMS = ["word", "slur", "term", "insult", "phrase", "call", "told"];

// The same in the other languages moderated (folded: no accents): "chamar alguém de", "me llamó",
// "m'a traité de", "nannte mich", "dare del", "maakte me uit voor", and "the word" in each.
const reportingCueOtherLanguages =
  /(?<![a-z])(?:(?:a|la|le|das|het|o|el)\s+(?:palavra|palabra|mot|wort|parola|woord|termo|termino|insulto|insulte)|cham(?:ar|ou|ando|am|aram|a|ei)\s+(?:[a-z]+\s+){0,2}de|(?:me|te|le|la|lo|nos|les|se)?\s*llam(?:ar|o|ando|an|aron|a|e)(?:\s+(?:a\s+)?[a-z]+)?|trait(?:er|e|ee|es|ait|aient|ent|ant)\s+(?:[a-z']+\s+){0,2}de|(?:genannt|nannte|nennen|nennt|nenne|beschimpft)(?:\s+[a-z]+){0,2}|(?:chiamat[oaie]|chiamar[ei]?|chiama(?:no|to)?|dare|dato|dava|danno|da)\s+(?:[a-z]+\s+)?(?:del|della|dei|delle)|(?:uitmaken|uitgemaakt|maakte|maakten|maakt)\s+(?:[a-z]+\s+){0,2}voor)(?:\s+(?:un|una|um|uma|une|ein|eine|einen|een|de|des|d'))?\s*['"“”‘’«»`]?$/;

/** Words every cue of the other languages holds. */
const CUE_STEMS_OTHER_LANGUAGES = [
  "pala",
  "mot",
  "wort",
  "parola",
  "woord",
  "term",
  "insult",
  "cham",
  "llam",
  "trait",
  "nann",
  "nenn",
  "beschimpft",
  " del",
  " dei",
  "voor",
];

// The term named as a slur right after it: "reminder that tranny is a slur", "'r*tard' is an insult
// and gets you banned".
const namedAfter =
  /^\s*['"“”‘’«»`]?\s*(?:is|are|was|=)\s+(?:(?:a|an|the|literally|still|considered|seen\s+as)\s+)*(?:[a-z]+\s+)?(?:slurs?|insults?|bannable)(?![a-z])/;

function reported(folded: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 60), start);
  return (
    namedAfter.test(folded.slice(end, end + 48)) ||
    (CUE_STEMS.some((stem) => before.includes(stem)) && reportingCue.test(before)) ||
    (CUE_STEMS_OTHER_LANGUAGES.some((stem) => before.includes(stem)) && reportingCueOtherLanguages.test(before))
  );
}

// "you hoe", "you're such a 'dyke'", "ur a dick": said of the addressee.
const addressedBefore = new RegExp(
  `(?<![a-z'])(?:${ADDRESSEE}|${ADDRESSEE_IS})\\s+(?:[a-z'"“”‘’*]+\\s+){0,2}['"“”‘’«»\`]?$`,
);

// "where did you put the hoe?": a verb then a determiner make the word the object of what the person
// does, not what they are called ("you're the hoe", "you a hoe" still are).
const objectOfVerbBefore = new RegExp(
  `(?<![a-z'])${ADDRESSEE}\\s+(?!(?:are|r|were)\\s)[a-z']+\\s+(?:the|this|that|my|his|her|their|our)\\s+$`,
);

/** Whether the words before [start] say the term of the person addressed. */
export function addressedAt(folded: string, start: number): boolean {
  const before = folded.slice(Math.max(0, start - 40), start);
  return addressedBefore.test(before) && !objectOfVerbBefore.test(before);
}

// Inflections that keep a capitalised word a use of the term ("Bitches", "Fucking"), not a name.
const INFLECTION = /^(?:s|es|ed|er|ers|ing|y|ies)$/;

/** How a word stands in the original text when it reads as a name, or null. */
export interface NameWord {
  /** Next to another capitalised word (Plymouth Hoe, Moby Dick). */
  inRun: boolean;
}

const isUpper = (char: string | undefined) => char !== undefined && char !== char.toLowerCase();
const isLower = (char: string | undefined) => char !== undefined && char !== char.toUpperCase();
const WORD_CHAR = /[\p{L}'-]/u;

/** The word of `text` before or after position `at` (skipping spaces), or "". */
function neighbour(text: string, at: number, step: -1 | 1): string {
  let i = at;
  while (i >= 0 && i < text.length && text[i] === " ") i += step;
  let j = i;
  while (j >= 0 && j < text.length && WORD_CHAR.test(text[j] ?? "")) j += step;
  return step === 1 ? text.slice(i, j) : text.slice(j + 1, i + 1);
}

/** Most words capitalised (Title Case or capitals): then capitals say nothing. */
function capitalsSayNothing(text: string): boolean {
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  const capitalised = words.filter((word) => isUpper(word[0])).length;
  return capitalised * 4 >= words.length * 3;
}

/**
 * Where the folded `word` appears in the original text capitalised and not starting a sentence
 * ("on Plymouth Hoe", "been to Bitche"), how it stands; null when it never does.
 */
export function nameIn(message: MessageText, word: string): NameWord | null {
  const { text } = message;
  const lowered = message.lowered();
  for (let at = lowered.indexOf(word); at !== -1; at = lowered.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (WORD_CHAR.test(text[at - 1] ?? "") || WORD_CHAR.test(text[end] ?? "")) continue;
    if (!isUpper(text[at]) || !isLower(text[at + 1])) continue;
    let before = at - 1;
    while (before >= 0 && /\s/.test(text[before] ?? "")) before--;
    if (before < 0 || ".!?:".includes(text[before] ?? "")) continue;
    if (message.capitalsSayNothing()) return null;
    const previous = neighbour(text, at - 1, -1);
    const next = neighbour(text, end, 1);
    return { inRun: (isUpper(previous[0]) && isLower(previous[1])) || (isUpper(next[0]) && isLower(next[1])) };
  }
  return null;
}

/**
 * How a term found at [start, end) of the folded text is mentioned, or null when it is used.
 * A name either holds the term inside a longer word (Bitche, Wankdorf, Cockermouth) or is the term
 * itself next to another capitalised word (Plymouth Hoe, Moby Dick).
 */
export function mentionContext(message: MessageText, start: number, end: number): MentionContext | null {
  const { folded } = message;
  // Inside someone else's words quoted to report them, "you" is the quoted speaker's addressee.
  if (message.hasQuotationMark() && message.reportedQuotations().some(([from, to]) => from <= start && end <= to))
    return "reported";
  if (addressedAt(folded, start)) return null;
  if (reported(folded, start, end)) return "reported";
  if (message.hasQuotationMark() && insideQuotes(folded, start, end)) return "quoted";
  if (!message.hasCapitalInside()) return null;
  const word = wordAround(folded, start, end);
  const name = nameIn(message, word);
  if (name === null) return null;
  const around = word.replace(folded.slice(start, end), "");
  if (around.length > 0 && !INFLECTION.test(around)) return "name";
  return name.inRun ? "name" : null;
}

/**
 * A message as the context readers see it: the original and folded text, and what is asked of the
 * whole message once, however many words were found in it (a long message can hold hundreds).
 */
export interface MessageText {
  text: string;
  folded: string;
  lowered(): string;
  hasQuotationMark(): boolean;
  /** Spans of the folded text quoting someone else's words to report them (reported-speech.ts). */
  reportedQuotations(): [number, number][];
  hasCapitalInside(): boolean;
  capitalsSayNothing(): boolean;
}

export function messageText(text: string, folded: string): MessageText {
  let lowered: string | undefined;
  let quotation: boolean | undefined;
  let reportedSpans: [number, number][] | undefined;
  let capital: boolean | undefined;
  let titleCase: boolean | undefined;
  return {
    text,
    folded,
    lowered: () => {
      lowered ??= text.toLowerCase();
      return lowered;
    },
    hasQuotationMark: () => {
      quotation ??= ANY_QUOTATION_MARK.test(folded);
      return quotation;
    },
    reportedQuotations: () => {
      reportedSpans ??= reportedQuotations(folded);
      return reportedSpans;
    },
    hasCapitalInside: () => {
      capital ??= CAPITAL_INSIDE.test(text);
      return capital;
    },
    capitalsSayNothing: () => {
      titleCase ??= capitalsSayNothing(text);
      return titleCase;
    },
  };
}

const CAPITAL_INSIDE = /.\p{Lu}/su;

function wordAround(folded: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && /[a-z]/.test(folded[from - 1] ?? "")) from--;
  while (to < folded.length && /[a-z]/.test(folded[to] ?? "")) to++;
  return folded.slice(from, to);
}
