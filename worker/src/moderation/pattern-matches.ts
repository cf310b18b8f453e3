// Every match of a rule's global pattern in a message, as String.prototype.matchAll finds them.
// matchAll clones the pattern on every call, which cost more than the search itself: a verdict runs
// a few dozen such patterns, nearly all of them on messages where they find nothing.

/** The matches of a global (g) pattern in `text`, in order; the pattern's lastIndex is left at 0. */
export function matchesIn(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    matches.push(match);
    // An empty match would be found again at the same place: step over it, as matchAll does.
    if (match[0] === "") pattern.lastIndex = nextIndex(text, pattern.lastIndex, /[uv]/.test(pattern.flags));
  }
  return matches;
}

/** Phrases of one kind: the term a match is reported as, a cheap test every phrase passes, and the global pattern. */
export interface PhraseFamily<Term extends string> {
  term: Term;
  cheap: RegExp;
  pattern: RegExp;
}

export interface PhraseHit<Term extends string> {
  term: Term;
  start: number;
  end: number;
  excerpt: string;
}

/** Every phrase of the families in folded text, each family searched only when its cheap test passes. */
export function findPhrases<Term extends string>(
  folded: string,
  families: readonly PhraseFamily<Term>[],
): PhraseHit<Term>[] {
  const hits: PhraseHit<Term>[] = [];
  for (const { term, cheap, pattern } of families) {
    if (!cheap.test(folded)) continue;
    for (const match of matchesIn(pattern, folded))
      hits.push({ term, start: match.index, end: match.index + match[0].length, excerpt: match[0] });
  }
  return hits;
}

/** The index after the character at `index`: a surrogate pair is one character to a unicode pattern. */
function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode) return index + 1;
  const lead = text.charCodeAt(index);
  const trail = text.charCodeAt(index + 1);
  const pair = lead >= 0xd800 && lead <= 0xdbff && trail >= 0xdc00 && trail <= 0xdfff;
  return index + (pair ? 2 : 1);
}
