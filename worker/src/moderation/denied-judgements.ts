// A harsh word about the person addressed, denied: "you're not worthless", "you are not stupid for
// asking", "you aren't a burden", "nobody should tell you you're ugly". Support for someone who was
// put down repeats the put-down; the classifier, reading words and not what is denied, scores it as
// the insult. assess.ts hides these spans from it, as it hides reported words; the rest of the
// message is still read ("you're not stupid, you're just a lazy idiot" keeps its second half).

import { createRequire } from "node:module";
import { matchesIn } from "./pattern-matches.ts";

// AFINN-165, the word scores the `sentiment` package itself reads (sentiment.ts).
const afinn = createRequire(import.meta.url)("sentiment/languages/en/labels.json") as Record<string, number>;

// Negative in AFINN but no judgement of the person: what they feel or how they are doing ("you're not
// alone", "you're not wrong", "you aren't late"). Denying them is agreement or comfort, which an
// insult can follow ("no, you're not wrong. what you are is boorish"); they stay for the classifier.
const states = new Set([
  "alone",
  "wrong",
  "sorry",
  "afraid",
  "scared",
  "sad",
  "lonely",
  "worried",
  "late",
  "lost",
  "tired",
  "upset",
  "hurt",
  "sick",
  "ill",
  "confused",
  "stressed",
  "anxious",
  "bored",
  "disappointed",
  "guilty",
  "ashamed",
  "mad",
  "angry",
  "broke",
]);

/** Whether a word is harsh said of a person: negative in AFINN ("worthless" -2, "ugly" -3), not a state. */
const harsh = (word: string) => (afinn[word] ?? 0) < 0 && !states.has(word);

// "nobody should ever", "don't let anyone", "no one gets to".
const NOBODY_SHOULD =
  "(?:nobody|no\\s+one|no-one|don't\\s+let\\s+(?:anyone|anybody|them)|dont\\s+let\\s+(?:anyone|anybody|them))\\s+(?:should\\s+|gets?\\s+to\\s+|can\\s+|has\\s+the\\s+right\\s+to\\s+)?(?:ever\\s+)?";

// Articles and intensifiers between the denial and the word: "not a total failure", "never that dumb".
const FILLER = "(?:(?:a|an|so|that|too|the|just|being|really|some|total|complete|at\\s+all)\\s+)*";
const DENIALS = new RegExp(
  [
    // "you're not", "you are not", "ur not", "you aren't", "you're never".
    "(?:you\\s*'re|youre|you\\s+are|u\\s+r|u\\s+are|ur)\\s+(?:not|never)",
    "(?:you|u)\\s+(?:aren't|arent|ain't|aint)",
    // "nobody should tell you you're", "don't let anyone call you", "no one gets to make you feel".
    `${NOBODY_SHOULD}(?:call|tell|make)\\s+(?:you|u)(?:\\s+feel)?(?:\\s+(?:that\\s+)?(?:you\\s*'re|youre|you\\s+are|ur))?`,
  ]
    .map((denial) => `(?<![a-z'])${denial}\\s+${FILLER}([a-z]+)(?![a-z'])`)
    .join("|"),
  "g",
);

// Harm urged on the person addressed, denied: "nobody should ever tell you to hurt yourself", "don't let
// anyone tell you to quit". The whole order, to the end of its clause, is what support repeats.
const DENIED_ORDERS = new RegExp(`(?<![a-z'])${NOBODY_SHOULD}(?:tell|telling)\\s+(?:you|u)\\s+to\\s+[^.!?,;\\n]+`, "g");

/** Words every denial holds: a cheap test before the pattern. */
const anyDenial =
  /(?<![a-z'])(?:not|never|aren't|arent|ain't|aint|nobody|no\s+one|no-one|don't\s+let|dont\s+let)(?![a-z'])/;

/** Spans [start, end) of folded text that deny a harsh word of the person addressed. */
export function deniedJudgements(folded: string): [number, number][] {
  const spans: [number, number][] = [];
  if (!anyDenial.test(folded)) return spans;
  for (const match of matchesIn(DENIALS, folded)) {
    const word = match.slice(1).find((group) => group !== undefined) ?? "";
    if (harsh(word)) spans.push([match.index, match.index + match[0].length]);
  }
  return [...spans, ...deniedOrders(folded)];
}

/** Spans [start, end) of folded text that deny an order to the person addressed ("nobody should tell you to..."). */
export function deniedOrders(folded: string): [number, number][] {
  if (!folded.includes("tell")) return [];
  return matchesIn(DENIED_ORDERS, folded).map((match) => [match.index, match.index + match[0].length]);
}
