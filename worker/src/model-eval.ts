// Measures the committed classifier: pnpm moderation:model-eval
// Held-out figures per source, language and category, for the classifier alone and for the whole
// verdict (rules and classifier, default policy); the development set; false positives on identity
// mentions; speed on this thread. The model card quotes its output.

import { assess } from "./moderation/assess.ts";
import { moderationClassifier } from "./moderation/classifier.ts";
import {
  byVerdict,
  FLAG_THRESHOLD,
  flagFigures,
  heldOutReport,
  thresholdSweep,
} from "./moderation/classifier-evaluation.ts";
import { flagTable, formatHeldOutReport, formatThresholdSweep } from "./moderation/classifier-report.ts";
import { dialectFalsePositives } from "./moderation/dialect-fairness.ts";
import { identityFalsePositives } from "./moderation/identity-fairness.ts";
import { defaultPolicy } from "./moderation/policy.ts";
import { devSetSource, readTrainingCorpus } from "./moderation/training-corpus.ts";

const loadStarted = performance.now();
const classifier = moderationClassifier();
const loadMs = performance.now() - loadStarted;
const corpus = readTrainingCorpus();
// The verdict is worked out for the held-out rows and the development set, the ones reported on.
const scored = corpus.map((message) => ({
  message,
  scores: classifier.score(message.text),
  status: message.heldOut || message.source === devSetSource ? assess(message.text, defaultPolicy).status : undefined,
}));
const heldOut = scored.filter((entry) => entry.message.heldOut);

console.log("## Held out (never trained on): the whole verdict, default policy\n");
console.log(formatHeldOutReport(heldOutReport(heldOut, byVerdict)));

console.log(`\n## Held out: the classifier alone, flag = toxicity >= ${FLAG_THRESHOLD}\n`);
console.log(formatHeldOutReport(heldOutReport(heldOut)));
console.log(`\n${formatThresholdSweep(thresholdSweep(heldOut))}`);

const devSet = scored.filter((entry) => entry.message.source === devSetSource);
console.log("\n## Development set (worker/data/moderation-dev.csv)\n");
console.log(
  flagTable(
    "part",
    new Map([
      [
        "verdict, held out (not trained on)",
        flagFigures(
          devSet.filter((entry) => entry.message.heldOut),
          byVerdict,
        ),
      ],
      ["verdict, whole file (85% trained on)", flagFigures(devSet, byVerdict)],
      ["classifier alone, held out", flagFigures(devSet.filter((entry) => entry.message.heldOut))],
      ["classifier alone, whole file", flagFigures(devSet)],
    ]),
  ),
);
const hate = devSet.filter((entry) => entry.message.category === "identity_hate");
const hateHeldOut = hate.filter((entry) => entry.message.heldOut);
console.log(
  `verdict's hate recall: held out ${flagFigures(hateHeldOut, byVerdict).recall.toFixed(3)} (${hateHeldOut.length} rows), whole file ${flagFigures(hate, byVerdict).recall.toFixed(3)}`,
);

const verdictFlags = (text: string) => assess(text, defaultPolicy).status !== "APPROVED";
const fairness = identityFalsePositives(verdictFlags);
const classifierFairness = identityFalsePositives((text) => classifier.score(text).toxicity >= FLAG_THRESHOLD);
console.log(`\n## Identity mentions: ${fairness.sentences} neutral or positive sentences\n`);
console.log(
  `flagged by the verdict: ${(fairness.rate * 100).toFixed(1)}% (the classifier alone at ${FLAG_THRESHOLD}: ${(classifierFairness.rate * 100).toFixed(1)}%); worst terms:`,
);
for (const { term, rate, flagged } of fairness.byTerm.slice(0, 8))
  console.log(`- ${term}: ${(rate * 100).toFixed(0)}%${flagged.length > 0 ? ` (e.g. "${flagged[0]}")` : ""}`);

const dialects = dialectFalsePositives(verdictFlags);
console.log(
  `\n## Dialects: ${dialects.sentences} everyday sentences in ${dialects.byVariety.length} varieties of English\n`,
);
console.log(`flagged by the verdict: ${(dialects.rate * 100).toFixed(1)}%`);
for (const { variety, rate, flagged } of dialects.byVariety)
  console.log(`- ${variety}: ${(rate * 100).toFixed(0)}%${flagged.length > 0 ? ` (e.g. "${flagged[0]}")` : ""}`);

type Reader = (text: string) => number;
const classifierAlone: Reader = (text) => classifier.score(text).toxicity;
const wholeVerdict: Reader = (text) => assess(text, defaultPolicy).reasons.length;

/** Median rate over passes of `texts`, in messages per second, after a warm-up pass. */
function messagesPerSecond(texts: readonly string[], passes: number, reader: Reader): number {
  let sink = 0;
  for (const text of texts) sink += reader(text);
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const text of texts) sink += reader(text);
    rates.push(texts.length / ((performance.now() - started) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable");
  return rates.sort((a, b) => a - b)[Math.floor(passes / 2)] ?? 0;
}

const shortMessages = devSet.map((entry) => entry.message.text);
// Long messages: dense with obfuscation (Unicode folding, leetspeak, spaced letters), dense with
// listed words, with quotations, names and friendly marks to read, and plain ASCII.
const longMessages = {
  obfuscated: "ѕhіt y0u f.u.c.k.i.n.g ｉｄｉｏｔ, $h1t 🤬 ".repeat(60).slice(0, 2000),
  "listed words": "fuck shit bitch cunt nigger faggot kike spic retard whore slut dick cock pussy "
    .repeat(30)
    .slice(0, 2000),
  "quoted, named, friendly": "he called me a 'bitch' and said \"I will kill you\" lol, Plymouth Hoe "
    .repeat(40)
    .slice(0, 2000),
  plain: "you are a complete idiot and nobody here wants you around, ".repeat(40).slice(0, 2000),
};
const meanLength = Math.round(shortMessages.reduce((sum, text) => sum + text.length, 0) / shortMessages.length);
console.log("\n## Speed (one thread)\n");
console.log(`model loaded in ${loadMs.toFixed(0)} ms\n`);
console.log("| reading | classifier alone | whole verdict |\n| --- | --- | --- |");
const perSecond = (reader: Reader) => Math.round(messagesPerSecond(shortMessages, 7, reader)).toLocaleString("en-US");
console.log(
  `| short messages (development set, mean ${meanLength} characters), per second | ${perSecond(classifierAlone)} | ${perSecond(wholeVerdict)} |`,
);
for (const [kind, text] of Object.entries(longMessages)) {
  const long = Array.from({ length: 300 }, () => text);
  const milliseconds = (reader: Reader) => (1000 / messagesPerSecond(long, 7, reader)).toFixed(3);
  console.log(
    `| a 2,000-character message, ${kind}, ms | ${milliseconds(classifierAlone)} | ${milliseconds(wholeVerdict)} |`,
  );
}
