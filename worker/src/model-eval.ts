// Measures the committed classifier: pnpm moderation:model-eval
// Held-out figures per source, language and category; the development set (classifier alone);
// false positives on identity mentions; speed on this thread. The model card quotes its output.

import { moderationClassifier } from "./moderation/classifier.ts";
import { FLAG_THRESHOLD, flagFigures, heldOutReport, thresholdSweep } from "./moderation/classifier-evaluation.ts";
import { flagTable, formatHeldOutReport, formatThresholdSweep } from "./moderation/classifier-report.ts";
import { identityFalsePositives } from "./moderation/identity-fairness.ts";
import { devSetSource, readTrainingCorpus } from "./moderation/training-corpus.ts";

const loadStarted = performance.now();
const classifier = moderationClassifier();
const loadMs = performance.now() - loadStarted;
const corpus = readTrainingCorpus();
const scored = corpus.map((message) => ({ message, scores: classifier.score(message.text) }));

console.log(`## Held out (never trained on), flag = toxicity >= ${FLAG_THRESHOLD}\n`);
console.log(formatHeldOutReport(heldOutReport(scored.filter((entry) => entry.message.heldOut))));
console.log(`\n${formatThresholdSweep(thresholdSweep(scored.filter((entry) => entry.message.heldOut)))}`);

const devSet = scored.filter((entry) => entry.message.source === devSetSource);
console.log("\n## Development set (worker/data/moderation-dev.csv), classifier alone\n");
console.log(
  flagTable(
    "part",
    new Map([
      ["held out (not trained on)", flagFigures(devSet.filter((entry) => entry.message.heldOut))],
      ["whole file (85% trained on)", flagFigures(devSet)],
    ]),
  ),
);
const hate = devSet.filter((entry) => entry.message.category === "identity_hate");
const hateHeldOut = hate.filter((entry) => entry.message.heldOut);
console.log(
  `hate recall: held out ${flagFigures(hateHeldOut).recall.toFixed(3)} (${hateHeldOut.length} rows), whole file ${flagFigures(hate).recall.toFixed(3)}`,
);

const fairness = identityFalsePositives((text) => classifier.score(text), FLAG_THRESHOLD);
console.log(`\n## Identity mentions: ${fairness.sentences} neutral or positive sentences\n`);
console.log(`flagged: ${(fairness.rate * 100).toFixed(1)}%; worst terms:`);
for (const { term, rate, flagged } of fairness.byTerm.slice(0, 8))
  console.log(`- ${term}: ${(rate * 100).toFixed(0)}%${flagged.length > 0 ? ` (e.g. "${flagged[0]}")` : ""}`);

/** Median rate over passes of `texts`, in messages per second, after a warm-up pass. */
function messagesPerSecond(texts: readonly string[], passes: number): number {
  let sink = 0;
  for (const text of texts) sink += classifier.score(text).toxicity;
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const text of texts) sink += classifier.score(text).toxicity;
    rates.push(texts.length / ((performance.now() - started) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable");
  return rates.sort((a, b) => a - b)[Math.floor(passes / 2)] ?? 0;
}

const shortMessages = devSet.map((entry) => entry.message.text);
// Long messages dense with obfuscation (Unicode folding, leetspeak, spaced letters) and plain ASCII.
const longMessages = {
  obfuscated: "ѕhіt y0u f.u.c.k.i.n.g ｉｄｉｏｔ, $h1t 🤬 ".repeat(60).slice(0, 2000),
  plain: "you are a complete idiot and nobody here wants you around, ".repeat(40).slice(0, 2000),
};
console.log("\n## Speed (one thread)\n");
console.log(`model loaded in ${loadMs.toFixed(0)} ms`);
console.log(
  `short messages (development set, mean ${Math.round(shortMessages.reduce((sum, text) => sum + text.length, 0) / shortMessages.length)} characters): ${Math.round(messagesPerSecond(shortMessages, 7)).toLocaleString("en-US")} per second`,
);
for (const [kind, text] of Object.entries(longMessages))
  console.log(
    `2,000-character message, ${kind}: ${(
      1000 /
        messagesPerSecond(
          Array.from({ length: 500 }, () => text),
          7,
        )
    ).toFixed(3)} ms`,
  );
