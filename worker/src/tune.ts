// Searches again for the default flag thresholds and combination: pnpm moderation:tune --model <file>
// Rerun after retraining (pnpm moderation:train) or changing the rules. Searches on the validation
// fold of the training part, read by a model trained without that fold
//   pnpm moderation:train --validation --out <file>
// so that the held-out part (pnpm moderation:model-eval) stays a measurement the values were never
// fitted to. Reads the development set and the adversarial set too, searches from the current defaults
// (moderation/threshold-search.ts) and prints Markdown tables: the chosen values next to the
// defaults, the figures per group, the adversarial set's kinds. Writes nothing: the defaults are code,
// and the last lines say where to put values that changed.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  defaultCategoryThresholds,
  type ModerationCategory,
  moderationCategories,
} from "@chatmod/core/moderation-categories";
import { adversarialSetPath, kindTargets } from "./moderation/adversarial.ts";
import { read } from "./moderation/assess.ts";
import { createClassifier } from "./moderation/classifier.ts";
import { decodeModel } from "./moderation/classifier-model.ts";
import { defaultCombination } from "./moderation/decide.ts";
import { developmentSetBar, readLabelledCsv } from "./moderation/evaluation.ts";
import { RULES_VERSION } from "./moderation/moderate.ts";
import { defaultPolicy } from "./moderation/policy.ts";
import {
  f1,
  falsePositiveRate,
  type GroupFigures,
  measureGroups,
  objectiveWeights,
  type ReadMessage,
  recall,
  type Score,
  type Settings,
  searchSettings,
  sourceFalsePositiveTarget,
  type TuningData,
} from "./moderation/threshold-search.ts";
import {
  type CorpusMessage,
  devSetSource,
  isValidation,
  readTrainingCorpus,
  writtenSource,
} from "./moderation/training-corpus.ts";

const categoryThresholdsFile = "core/src/moderation-categories.ts";
const combinationFile = "worker/src/moderation/decide.ts";

const { values: options } = parseArgs({ options: { model: { type: "string" } } });
if (options.model === undefined) {
  console.error(
    "usage: pnpm moderation:tune --model <file>, a model trained without the validation fold: pnpm moderation:train --validation --out <file>",
  );
  process.exit(2);
}
const classifier = createClassifier(decodeModel(readFileSync(options.model)), options.model);

function readMessage(group: string, flag: boolean, text: string): ReadMessage {
  return { group, flag, ...read(text, defaultPolicy, classifier) };
}

/** Written abusive messages by category; clean ones by language, English apart from the rest. */
function writtenGroup(message: CorpusMessage): string {
  if (message.flag) return message.category;
  return message.lang === "en" ? "clean-en" : "clean-other";
}

console.error("reading the validation fold, the development set and the adversarial set...");
const corpus = readTrainingCorpus();
const validationFold = corpus.filter(isValidation);
const data: TuningData = {
  written: validationFold
    .filter((message) => message.source === writtenSource)
    .map((message) => readMessage(writtenGroup(message), message.flag, message.text)),
  sources: validationFold
    .filter((message) => message.source !== writtenSource)
    .map((message) => readMessage(message.source, message.flag, message.text)),
  // The development set's bar holds for the committed model on the whole file, 15% of it unseen;
  // without the validation fold, about as much of it is unseen by the model searched with.
  developmentSet: corpus
    .filter((message) => message.source === devSetSource && !isValidation(message))
    .map((message) => readMessage("development set, without the validation fold", message.flag, message.text)),
  policy: defaultPolicy,
};
const adversarial = readLabelledCsv(adversarialSetPath).map((message) =>
  readMessage(message.kind, message.flag, message.text),
);

const current: Settings = {
  flagThresholds: Object.fromEntries(
    moderationCategories.map((category) => [category, defaultCategoryThresholds[category].flag]),
  ) as Record<ModerationCategory, number>,
  combination: defaultCombination,
};
console.error("searching...");
const { chosen, score, startScore, rounds, measured } = searchSettings(data, current);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const figure = (value: number) => value.toFixed(3);

/** One cell for a figure under the current and the chosen values: "a -> b" only where they differ. */
function compared(before: string, after: string): string {
  return before === after ? after : `${before} -> ${after}`;
}

/** Where each value lives in the code, with its current and chosen value, and why some are not searched. */
interface ValueRow {
  name: string;
  file: string;
  current: number;
  chosen: number;
  note: string;
}

const valueRows: ValueRow[] = [
  ...moderationCategories.map((category) => ({
    name: `defaultCategoryThresholds.${category}.flag`,
    file: categoryThresholdsFile,
    current: current.flagThresholds[category],
    chosen: chosen.flagThresholds[category],
    note: "searched",
  })),
  ...(["mild", "moderate", "severe"] as const).map((severity) => ({
    name: `defaultCombination.clearedBelow.${severity}`,
    file: combinationFile,
    current: current.combination.clearedBelow[severity],
    chosen: chosen.combination.clearedBelow[severity],
    note: severity === "severe" ? "not searched: never cleared by the classifier alone" : "searched (mild = moderate)",
  })),
  {
    name: "defaultCombination.fineCategoryGate",
    file: combinationFile,
    current: current.combination.fineCategoryGate,
    chosen: chosen.combination.fineCategoryGate,
    note: "searched",
  },
  {
    name: "defaultCombination.threatAlone",
    file: combinationFile,
    current: current.combination.threatAlone,
    chosen: chosen.combination.threatAlone,
    note: "searched",
  },
  {
    name: "defaultCombination.hostileFrom",
    file: combinationFile,
    current: current.combination.hostileFrom,
    chosen: chosen.combination.hostileFrom,
    note: "searched",
  },
  {
    name: "defaultCombination.rejectionConfirmedAt",
    file: combinationFile,
    current: current.combination.rejectionConfirmedAt,
    chosen: chosen.combination.rejectionConfirmedAt,
    note: "not searched: flag or reject, not whether held",
  },
];
const changed = valueRows.filter((row) => row.current !== row.chosen);

const objectiveRows = (
  [
    ["written, abusive: mean recall per category", objectiveWeights.writtenRecall, (s) => s.writtenRecall],
    ["written, clean: mean pass rate per group", objectiveWeights.writtenPassRate, (s) => s.writtenPassRate],
    ["other sources: mean F1 per source", objectiveWeights.sourceF1, (s) => s.sourceF1],
    [
      `other sources: clean rows flagged beyond ${sourceFalsePositiveTarget} of each source, share of all clean rows`,
      -objectiveWeights.sourceFalsePositiveExcess,
      (s) => s.sourceFalsePositiveExcess,
    ],
    [
      `development set: short of F1 >= ${developmentSetBar.f1}, false positives <= ${developmentSetBar.falsePositiveRate}`,
      -objectiveWeights.developmentShortfall,
      (s) => s.developmentShortfall,
    ],
  ] as const satisfies readonly (readonly [string, number, (s: Score) => number])[]
).map(([part, weight, of]) => [part, String(weight), of(startScore).toFixed(4), of(score).toFixed(4)]);
objectiveRows.push(["objective (weighted sum)", "", startScore.value.toFixed(4), score.value.toFixed(4)]);

/**
 * A group's figures under both sets of values; `counted` says which of them the objective reads.
 * The development set's are given to four places: its bar is met or missed by a few messages.
 */
function groupRow(part: string, counted: string, before: GroupFigures, after: GroupFigures, digits = 3): string[] {
  const cell = (of: (figures: GroupFigures) => number, applies: boolean) =>
    applies ? compared(of(before).toFixed(digits), of(after).toFixed(digits)) : "";
  return [
    `${part}: ${after.group}`,
    counted,
    String(after.abusive),
    String(after.clean),
    cell(recall, after.abusive > 0),
    cell(falsePositiveRate, after.clean > 0),
    cell(f1, counted.includes("F1")),
  ];
}

/** Each group under the current and the chosen values: the same messages give the same groups in the same order. */
function pairs(before: readonly GroupFigures[], after: readonly GroupFigures[]): [GroupFigures, GroupFigures][] {
  return after.map((figures, index) => [before[index] ?? figures, figures]);
}

const groupRows = [
  ...pairs(startScore.written, score.written).map(([before, after]) =>
    groupRow("written", after.abusive > 0 ? "recall" : "1 - false positives", before, after),
  ),
  ...pairs(startScore.sources, score.sources).map(([before, after]) =>
    groupRow("source", after.abusive > 0 ? "F1" : "1 - false positives", before, after),
  ),
  groupRow("bar", "F1, false positives", startScore.developmentSet, score.developmentSet, 4),
];

// The adversarial set is never searched on: it is the test of whether the moderator holds up against
// messages written to get past it, and it stays one only while the values are not fitted to it. A
// chosen value that costs here is a reason to look closer before adopting it.
const adversarialRows = pairs(
  measureGroups(adversarial, defaultPolicy, current),
  measureGroups(adversarial, defaultPolicy, chosen),
).map(([before, after]) => {
  const abusive = after.abusive > 0;
  const share = (figures: GroupFigures) => (abusive ? recall(figures) : 1 - falsePositiveRate(figures));
  return [
    after.group,
    abusive ? "caught" : "passed",
    String(after.abusive + after.clean),
    compared(figure(share(before)), figure(share(after))),
    `>= ${abusive ? kindTargets.caught : kindTargets.passed}`,
  ];
});

console.log(`# moderation:tune: model ${classifier.version}, rules ${RULES_VERSION}\n`);
console.log(
  `${data.written.length} written messages of the validation fold, ${data.sources.length} of ${score.sources.length} other sources, development set ${data.developmentSet.length} (the bar), adversarial set ${adversarial.length} (not searched on); ${rounds} round${rounds === 1 ? "" : "s"}, ${measured} sets of values measured.\n`,
);
console.log("## Values\n");
console.log(
  table(
    ["value", "file", "current", "chosen", "note"],
    valueRows.map((row) => [
      row.name,
      row.file,
      String(row.current),
      String(row.chosen),
      row.current === row.chosen ? row.note : "CHANGED",
    ]),
  ),
);
console.log("\n## Objective (current default -> chosen)\n");
console.log(table(["part", "weight", "current", "chosen"], objectiveRows));
console.log("\n## Figures per group (current -> chosen where they differ)\n");
console.log(table(["group", "counted", "abusive", "clean", "recall", "false positives", "F1"], groupRows));
console.log("\n## Adversarial set per kind (not searched on; current -> chosen where they differ)\n");
console.log(table(["kind", "figure", "rows", "share", "target"], adversarialRows));
console.log();
if (changed.length === 0) console.log("The chosen values are the current defaults: nothing to change.");
else {
  console.log("To adopt the chosen values, set in the code:");
  for (const row of changed) console.log(`- ${row.file}: ${row.name} = ${row.chosen} (now ${row.current})`);
  console.log(
    "then run pnpm moderation:eval and pnpm moderation:model-eval and update the model card (worker/data/moderation-model/README.md).",
  );
}
