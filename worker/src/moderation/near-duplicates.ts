// Whether two messages say nearly the same thing: the measure that keeps the messages written for
// training apart from the adversarial set, which must stay unseen for its figures to mean anything.

/** Lower-cased words, accents and punctuation aside. */
function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Word triples: two messages share them when they share phrasing, not only vocabulary. */
function triples(list: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i + 2 < list.length; i++) found.add(`${list[i]} ${list[i + 1]} ${list[i + 2]}`);
  return found;
}

export interface ShingledMessage {
  text: string;
  /** Its words joined by single spaces, padded with one space each side. */
  words: string;
  triples: Set<string>;
}

export function shingled(text: string): ShingledMessage {
  const list = words(text);
  return { text, words: ` ${list.join(" ")} `, triples: triples(list) };
}

/**
 * Near duplicates: a short message's words (three or four) found in order inside the other ("so
 * dove abiti" in "so dove abiti, via Garibaldi"), or half of a longer one's word triples in common.
 */
export function nearDuplicate(a: ShingledMessage, b: ShingledMessage): boolean {
  const [small, large] = a.triples.size <= b.triples.size ? [a, b] : [b, a];
  if (small.words === large.words) return true;
  // Three or four words: only the whole of it counts ("je vais te tuer" is not "je vais te suivre").
  if (small.triples.size <= 2) return small.triples.size > 0 && large.words.includes(small.words);
  let shared = 0;
  for (const triple of small.triples) if (large.triples.has(triple)) shared++;
  return shared * 2 >= small.triples.size;
}
