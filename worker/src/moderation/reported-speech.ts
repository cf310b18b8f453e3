// Quotation marks, and the words someone else said, quoted in order to report or condemn them:
// 'she was kicked off for saying "x"', 'people who write things like "x"', 'quoting it so the mods
// see it: "x"'. The quoted words are not the writer's: the rules read the terms in them as reported
// and the classifier judges the message around them (assess.ts), as a moderator would.

import { withoutSpans } from "./normalize.ts";
import { matchesIn } from "./pattern-matches.ts";

export const ANY_QUOTATION_MARK = /['"“”‘’«»`]/;
// By character code: the quotation readers ask of every character of a sentence.
const QUOTES = new Set(["'", '"', "“", "”", "‘", "’", "«", "»", "`"].map((quote) => quote.charCodeAt(0)));
const isLetter = (char: string | undefined) => char !== undefined && /\p{L}/u.test(char);

/** Whether the quote character at `at` opens or closes a quotation, not an apostrophe inside a word ("you're"). */
export function isQuotation(text: string, at: number): boolean {
  if (!QUOTES.has(text.charCodeAt(at))) return false;
  return !(isLetter(text[at - 1]) && isLetter(text[at + 1]));
}

// A verb of saying or a noun for what was said, then at most a few words, then the quotation: "for
// saying", "he said this was", "things like", "messages like", "quoting it so the mods see it:".
const REPORTING_CUE =
  /(?<![a-z'])(?:(?:things?|stuff|words?|messages?|comments?|posts?|tweets?|threats?|statements?|phrases?|remarks?|jokes?|slogans?|signs?|chants?|insults?|slurs?)\s+(?:like|such\s+as)|(?:mensajes|mensagens|messages|nachrichten|messaggi|berichten|comentarios|commentaires|kommentare|commenti|reacties)\s+(?:como|comme|wie|come|zoals)|(?:say|says|said|saying|write|writes|wrote|writing|post|posts|posted|posting|tweet|tweets|tweeted|tweeting|yell|yells|yelled|yelling|shout|shouts|shouted|shouting|scream|screamed|screaming|chant|chanted|chanting|tell|tells|told|telling|quote|quotes|quoted|quoting|wish|wishes|wished|wishing|claim|claims|claimed|claiming|believe|believes|spray-painted|graffitied))(?:\s+[a-z',-]+){0,6}?\s*[:,]?\s*$/;

// The writer quoting themselves is saying it: "I'll say it: 'x'", "let me tell you 'x'".
const SAID_BY_THE_WRITER =
  /(?:^|[^a-z'])(?:i|i'll|i'd|i'm|im|ima|we|we'll|let\s+me|lemme)(?:\s+(?:will|would|just|really|gonna|going\s+to|have|had|always|never))*\s+$/;

// What is said to the person addressed right before the quotation is used, whatever the cue: "you are a 'x'".
const ADDRESSED_BEFORE =
  /(?<![a-z'])(?:you|you're|youre|ur|u)(?:\s+(?:are|r|is|such|a|an|the|just|so|really|fucking))*\s*$/;

// Words around the quotation that report or condemn it ("will get blocked", "shows how bigoted he
// is", "mods please", "that's harassment"): without them a quotation is retold (lyrics, something
// said at a party) and is read as it is.
const CONDEMNATION =
  /(?<![a-z])(?:report(?:s|ed|ing)?|mods?|moderat(?:or|ors|ion)|admins?|ban(?:s|ned|ning)?|block(?:s|ed|ing)?|bigot|bigots|bigoted|bigotry|racist|racism|sexist|sexism|homophob[a-z]*|transphob[a-z]*|hateful|hate\s+speech|harass[a-z]*|abuse|abusive|slurs?|offensive|hurtful|unacceptable|disgraceful|shameful|appalling|vile|horrible|awful|condemn[a-z]*|no\s+respect|court|jail|prison|police|kicked\s+off|get\s+away\s+with|not\s+(?:ok|okay|acceptable|funny|a\s+joke|banter)|(?:isn't|is\s+not|wasn't|was\s+not)\s+(?:ok|okay|acceptable|funny|a\s+joke|banter)|reflect\s+well|seriously\s+(?:believe|sad|think)|bloque[a-z]*|blocc[a-z]*|blockiert|gesperrt|geblokkeerd|denunci[a-z]*|segnala[a-z]*|gemeldet|gemeld)(?![a-z])/;

// A noun for what was said right after the quotation: '"kys" messages', '"go back home" comments'.
const NAMED_AFTER =
  /^\s*(?:messages?|comments?|dms?|texts?|posts?|replies|tweets?|emails?|chants?|threats?|scams?|spam)(?![a-z])/;

/** Words a reported quotation may hold: longer, it is a message passed on rather than held up. */
const MAX_REPORTED_WORDS = 20;
const CUE_WINDOW = 60;

/** Where the reporting cue right before a quotation starts in `before`, or -1. */
function cueStart(before: string): number {
  const match = REPORTING_CUE.exec(before);
  return match === null ? -1 : match.index;
}

/**
 * The spans [start, end) of the folded text inside quotations that report someone else's words:
 * opened right after a reporting cue, at most a few dozen words, in a message that condemns them.
 */
export function reportedQuotations(folded: string): [number, number][] {
  const spans: [number, number][] = [];
  // Most quotations come without a word of condemnation anywhere: nothing to look for.
  if (!CONDEMNATION.test(folded)) return spans;
  // The text outside every quotation, where the condemnation must be.
  const outside: string[] = [];
  let from = 0;
  for (let open = 0; open < folded.length; open++) {
    if (!isQuotation(folded, open)) continue;
    let close = open + 1;
    while (close < folded.length && !isQuotation(folded, close)) close++;
    if (close >= folded.length) break;
    const quoted = folded.slice(open + 1, close).trim();
    const before = folded.slice(Math.max(0, open - CUE_WINDOW), open);
    const short = quoted.length > 0 && quoted.split(/\s+/).length <= MAX_REPORTED_WORDS;
    // The cue may also follow: 'if you're getting "kys" messages, block and report'.
    const cue = !short ? -1 : NAMED_AFTER.test(folded.slice(close + 1, close + 24)) ? before.length : cueStart(before);
    if (cue >= 0 && !SAID_BY_THE_WRITER.test(before.slice(0, cue)) && !ADDRESSED_BEFORE.test(before))
      spans.push([open + 1, close]);
    outside.push(folded.slice(from, open + 1));
    from = close;
    open = close;
  }
  if (spans.length === 0) return spans;
  outside.push(folded.slice(from));
  return CONDEMNATION.test(outside.join(" ")) ? spans : [];
}

// A report of someone else's words without quotation marks: "people in the comments are saying
// muslims should be deported. Hate has no home here", "screenshotted the guy who said women don't
// belong in esports", "saying gay people are sick isn't a joke". The clause runs from the verb of
// saying to the end of its sentence. Without quotation marks it is less sure to be someone else's,
// so more is asked: a speaker other than the writer or the reader ("people are saying", "the guy who
// said", or a sentence that starts "Saying"), and a condemnation that acts or judges the act ("reported",
// "screenshotted", "disgusting", "isn't a joke"), not a word such as "racist", as often hurled
// at the person addressed as said of what was reported.
const UNQUOTED_CUE =
  /(?:(?<![a-z'])(?<!as\s+)(?!(?:i|we|you|u|ya|me|us|i've|we've|i'd|we'd|as|by|for|of|in|on|at|to|from|with|about|after|before|without|while|when|and|or|but|not|just|like)\s)[a-z']+\s+(?:(?:are|is|was|were|keeps?|kept|has\s+been|have\s+been|literally|just|openly)\s+)*|(?:^|(?<=[.!?,\n]\s*)))(?:said|says|saying|claimed|claiming|posted|posting|wrote|writing|tweeted|tweeting|yelled|yelling|shouted|shouting|told\s+(?:me|us|her|him|them)|(?:dice|dijo|decia|diz|disse|dit|disait|sagt|sagte|dice|diceva|ha\s+detto|zegt|zei)\s+(?:que|che|dass|dat)|(?:a|ha)\s+(?:dit|escrito|ecrit|scritto)\s+(?:que|che))(?:\s+that)?\s+/g;
const UNQUOTED_CONDEMNATION =
  /(?<![a-z])(?:report(?:s|ed|ing)?|call(?:ed|ing)?\s+(?:[a-z]+\s+){0,2}?out|denunci[a-z]*|signal(?:ez|er|e|ee)|segnal[a-z]*|meld(?:et|en|t)|gemeld(?:et)?|mods?|admins?|block(?:s|ed|ing)?|ban(?:s|ned|ning)?|unfollow(?:s|ed|ing)?|screenshot(?:s|ted)?|ratio(?:ed|'d)|disgusting|sickening|unacceptable|hate\s+has\s+no\s+(?:home|place)|racism|sexism|bigotry|homophobia|transphobia|not\s+(?:ok|okay|acceptable|funny|a\s+joke|cool)|(?:isn't|is\s+not|wasn't|was\s+not)\s+(?:ok|okay|acceptable|funny|a\s+joke|(?:just\s+)?banter|cool))(?![a-z])/;
const TRAILING_PLEA =
  /[,;:]\s*(?:(?:can\s+(?:the\s+)?|please\s+)?(?:mods?|admins?)|report|block|ban|not\s+(?:ok|okay|cool)|disgusting|unacceptable)(?![a-z])/;
// The writer siding with what was said: then it is theirs too ("he said x and he's right").
const ENDORSED = /(?<![a-z'])(?:right|true|truth|agree[ds]?|facts|based|correct|exactly|fair\s+point)(?![a-z])/;
/** Words every cue holds: a cheap test before the pattern. */
const anySaying =
  /(?<![a-z])(?:said|says|saying|claimed|claiming|posted|posting|wrote|writing|tweet(?:ed|ing)|yell(?:ed|ing)|shout(?:ed|ing)|told|dice|dijo|decia|diz|disse|dit|disait|sagt|sagte|diceva|detto|zegt|zei|escrito|ecrit|scritto|jokes?|comments?|takes?|memes?|remarks?)(?![a-z])/;
// What was said, named by the noun after it: "sick of seeing women belong in the kitchen jokes in
// raid chat", "tired of all the immigrants are rats comments". The clause runs between the two.
const NAMED_CLAUSE =
  /(?<![a-z])(?:seeing|hearing|reading|(?:of|with|about)\s+(?:the|these|those|all\s+(?:the|these|those)))\s+((?:[a-z']+\s+){2,8}?)(?:jokes?|comments?|takes?|memes?|remarks?)(?![a-z])/g;

/**
 * The spans [start, end) of folded text reporting someone else's words without quotation marks, in a
 * message that condemns them and does not side with them.
 */
export function reportedClauses(folded: string): [number, number][] {
  if (!anySaying.test(folded) || !UNQUOTED_CONDEMNATION.test(folded) || ENDORSED.test(folded)) return [];
  const spans: [number, number][] = [];
  for (const cue of matchesIn(UNQUOTED_CUE, folded)) {
    const start = cue.index + cue[0].length;
    const stop = folded.slice(start).search(/[.!?\n]/);
    let end = stop < 0 ? folded.length : start + stop;
    // "someone said x in the faith channel, mods?": the plea after the comma is the writer's.
    const plea = folded.slice(start, end).search(TRAILING_PLEA);
    if (plea >= 0) end = start + plea;
    if (end > start && folded.slice(start, end).split(/\s+/).length <= MAX_REPORTED_WORDS) spans.push([start, end]);
  }
  for (const named of matchesIn(NAMED_CLAUSE, folded)) {
    const clause = named[1] ?? "";
    const start = named.index + named[0].lastIndexOf(clause, named[0].length - 1);
    spans.push([start, start + clause.trimEnd().length]);
  }
  if (spans.length === 0) return spans;
  return UNQUOTED_CONDEMNATION.test(withoutSpans(folded, spans)) ? spans : [];
}
