// Measures the whole verdict (the rules and the classifier) on a labelled CSV: pnpm moderation:eval [file.csv]
// Default file: worker/data/moderation-dev.csv. Prints quality and speed, and, for a file with a kind
// column (the adversarial set), how many messages of each kind are caught or passed.

import { resolve } from "node:path";
import { invocationDirectory } from "./env.ts";
import { kindTable } from "./moderation/adversarial.ts";
import { moderationClassifier } from "./moderation/classifier.ts";
import {
  developmentSetBar,
  devSetPath,
  measureByKind,
  measureQuality,
  measureThroughput,
  readLabelledCsv,
} from "./moderation/evaluation.ts";
import { RULES_VERSION } from "./moderation/moderate.ts";
import { defaultPolicy } from "./moderation/policy.ts";

const bar = developmentSetBar;

const argument = process.argv[2];
const path = argument === undefined ? devSetPath : resolve(invocationDirectory(), argument);
const messages = readLabelledCsv(path);
const quality = measureQuality(messages, defaultPolicy);
const throughput = measureThroughput(
  messages.map((message) => message.text),
  defaultPolicy,
);

const rows: [figure: string, value: string, target: string, met: boolean | null][] = [
  ["precision", quality.precision.toFixed(3), "", null],
  ["recall", quality.recall.toFixed(3), "", null],
  ["F1", quality.f1.toFixed(3), `>= ${bar.f1}`, quality.f1 >= bar.f1],
  quality.hateRecall === null
    ? ["hate recall", "n/a (no hate rows)", "", null]
    : ["hate recall", quality.hateRecall.toFixed(3), `>= ${bar.hateRecall}`, quality.hateRecall >= bar.hateRecall],
  [
    "false positives on clean",
    quality.falsePositiveRate.toFixed(3),
    `<= ${bar.falsePositiveRate}`,
    quality.falsePositiveRate <= bar.falsePositiveRate,
  ],
  [
    "messages/second (1 thread)",
    `${Math.round(throughput.median).toLocaleString("en-US")} (${Math.round(throughput.min).toLocaleString("en-US")}-${Math.round(throughput.max).toLocaleString("en-US")})`,
    `>= ${bar.messagesPerSecond.toLocaleString("en-US")}`,
    throughput.median >= bar.messagesPerSecond,
  ],
];

console.log(`moderation eval: ${path}`);
console.log(
  `${quality.messages} messages (${quality.flagged} to flag, ${quality.clean} clean, ${quality.hate} hate), rules ${RULES_VERSION}, model ${moderationClassifier().version}, default policy`,
);
console.log(
  `throughput: median of ${throughput.passes} timed passes of >= 20,000 messages after 2 warm-up passes (min-max in brackets)\n`,
);
const widths = [26, 24, 9];
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 4)).join(" | ")} |`;
console.log(line(["figure", "value", "bar", "met"]));
console.log(line([...widths, 4].map((width) => "-".repeat(width))));
for (const [figure, value, target, met] of rows)
  console.log(line([figure, value, target, met === null ? "" : met ? "yes" : "NO"]));

if (messages.some((message) => message.kind !== "")) {
  console.log("\nper kind: abusive messages caught (flagged or rejected), innocent messages passed (approved)\n");
  for (const row of kindTable(measureByKind(messages, defaultPolicy))) console.log(row);
}
