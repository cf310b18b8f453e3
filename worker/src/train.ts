// Trains the moderation classifier and writes the committed model: pnpm moderation:train
// Options override the chosen settings to compare others without writing the model, e.g.
//   pnpm moderation:train --bucket-bits 18 --chars 2-4 --no-bigrams --epochs 3 --l2 1e-6 --dry-run
// Prints the held-out figures (see the model card, worker/data/moderation-model/README.md).
// --validation trains without the validation fold as well, reports on that fold and writes the model
// only to --out: the model pnpm moderation:tune --model chooses thresholds with.

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { committedModelPath, createClassifier } from "./moderation/classifier.ts";
import { FLAG_THRESHOLD, heldOutReport, thresholdSweep } from "./moderation/classifier-evaluation.ts";
import { encodeModel } from "./moderation/classifier-model.ts";
import { formatHeldOutReport, formatThresholdSweep } from "./moderation/classifier-report.ts";
import { quantise, type TrainingSettings, trainWeights } from "./moderation/classifier-training.ts";
import { identityFalsePositives } from "./moderation/identity-fairness.ts";
import { isValidation, readTrainingCorpus } from "./moderation/training-corpus.ts";

/** The settings chosen by the comparison in the model card. */
const chosen: TrainingSettings = {
  spec: { bucketBits: 21, charMin: 2, charMax: 5, wordBigrams: true },
  epochs: 8,
  learningRate: 0.2,
  l2: 1e-6,
  templateWeight: 0.1,
  templateCleanWeight: 1,
  classBalance: 1,
  flagMinorityBalance: 0.75,
  fineFlagMinorityBalance: 0.4,
  writtenWeight: 4,
  devWeight: 2,
  outputBalance: 0.25,
  singleClassWeight: 0.3,
  seeds: [18, 1, 2],
};

const { values: options } = parseArgs({
  options: {
    "bucket-bits": { type: "string" },
    chars: { type: "string" },
    "no-bigrams": { type: "boolean", default: false },
    epochs: { type: "string" },
    "learning-rate": { type: "string" },
    l2: { type: "string" },
    "template-weight": { type: "string" },
    "template-clean-weight": { type: "string" },
    "class-balance": { type: "string" },
    "flag-minority-balance": { type: "string" },
    "fine-flag-minority-balance": { type: "string" },
    "written-weight": { type: "string" },
    "dev-weight": { type: "string" },
    "output-balance": { type: "string" },
    "single-class-weight": { type: "string" },
    seeds: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    validation: { type: "boolean", default: false },
    out: { type: "string" },
  },
});

const number = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
const [charMin, charMax] = (options.chars ?? `${chosen.spec.charMin}-${chosen.spec.charMax}`).split("-").map(Number);
const settings: TrainingSettings = {
  spec: {
    bucketBits: number(options["bucket-bits"], chosen.spec.bucketBits),
    charMin: charMin ?? 0,
    charMax: charMax ?? 0,
    wordBigrams: !options["no-bigrams"],
  },
  epochs: number(options.epochs, chosen.epochs),
  learningRate: number(options["learning-rate"], chosen.learningRate),
  l2: number(options.l2, chosen.l2),
  templateWeight: number(options["template-weight"], chosen.templateWeight),
  templateCleanWeight: number(options["template-clean-weight"], chosen.templateCleanWeight),
  classBalance: number(options["class-balance"], chosen.classBalance),
  flagMinorityBalance: number(options["flag-minority-balance"], chosen.flagMinorityBalance),
  fineFlagMinorityBalance: number(options["fine-flag-minority-balance"], chosen.fineFlagMinorityBalance),
  writtenWeight: number(options["written-weight"], chosen.writtenWeight),
  devWeight: number(options["dev-weight"], chosen.devWeight),
  outputBalance: number(options["output-balance"], chosen.outputBalance),
  singleClassWeight: number(options["single-class-weight"], chosen.singleClassWeight),
  seeds: options.seeds?.split(",").map(Number) ?? chosen.seeds,
};

const started = performance.now();
const corpus = readTrainingCorpus();
const validation = options.validation;
const training = corpus.filter((message) => !message.heldOut && !(validation && isValidation(message)));
const heldOut = corpus.filter((message) => (validation ? isValidation(message) : message.heldOut));
console.log(`settings: ${JSON.stringify(settings)}`);
console.log(
  `${training.length} messages to train on, ${heldOut.length} ${validation ? "in the validation fold" : "held out"}`,
);

const model = quantise(trainWeights(training, settings));
const trainingSeconds = (performance.now() - started) / 1000;
const classifier = createClassifier(model);
const scored = heldOut.map((message) => ({ message, scores: classifier.score(message.text) }));
console.log(`trained in ${trainingSeconds.toFixed(1)} s\n`);
console.log(formatHeldOutReport(heldOutReport(scored)));
console.log(`\n${formatThresholdSweep(thresholdSweep(scored))}`);
const fairness = identityFalsePositives((text) => classifier.score(text).toxicity >= FLAG_THRESHOLD);
console.log(
  `\nidentity mentions flagged: ${(fairness.rate * 100).toFixed(1)}% of ${fairness.sentences}; worst: ${fairness.byTerm
    .slice(0, 5)
    .map(({ term, rate }) => `${term} ${(rate * 100).toFixed(0)}%`)
    .join(", ")}`,
);

// A validation model is for choosing thresholds only: it is never the committed one.
const outPath = options.out ?? (validation ? undefined : committedModelPath);
if (!options["dry-run"] && outPath !== undefined) {
  const bytes = encodeModel(model);
  writeFileSync(outPath, bytes);
  console.log(`\nwrote ${bytes.length.toLocaleString("en-US")} bytes to ${outPath}`);
}
