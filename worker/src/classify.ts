// pnpm moderation:classify [file] [--policy '<room policy JSON>'] [--mode POST|PRE]
// Prints one JSON verdict per message, through exactly what the worker runs:
// the room's stored policy read by roomPolicy(), then assess().

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { roomPolicySchema } from "@chatmod/core/room-policy";
import { invocationDirectory } from "./env.ts";
import { assess } from "./moderation/assess.ts";
import { parseCsvRecords } from "./moderation/csv.ts";
import { roomPolicy } from "./policy.ts";

const USAGE = `usage: pnpm moderation:classify [file] [--policy '<JSON>'] [--mode POST|PRE]
  file: one message per line, or a CSV with a "text" column (*.csv); without it, standard input
  --policy: a room policy as stored, e.g. {"categoryThresholds":{"insult":{"flag":0.5,"reject":0.9}},
            "thresholds":{"flagSeverity":"mild"},"blockedTerms":["crypto"],"allowedTerms":["scunthorpe"]}
  --mode: the room's moderation mode (default POST)`;

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { policy: { type: "string", default: "{}" }, mode: { type: "string", default: "POST" } },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
if (positionals.length > 1) fail("expected at most one file");
if (values.mode !== "POST" && values.mode !== "PRE") fail(`--mode is POST or PRE, not ${values.mode}`);

// Checked as the API checks a policy on its way in: a typo must not quietly read as the defaults.
const stored = roomPolicySchema.safeParse(parseJson(values.policy));
if (!stored.success)
  fail(`--policy: ${stored.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
const policy = roomPolicy(stored.data, values.mode);
const [file] = positionals;
const input = readFileSync(file === undefined ? 0 : resolve(invocationDirectory(), file), "utf8");

for (const text of messagesIn(input, file?.toLowerCase().endsWith(".csv") ?? false)) {
  const verdict = assess(text, policy);
  const { status, reasons, categories, evidence, severity, matchedTerms, sentiment, rulesVersion, modelVersion } =
    verdict;
  console.log(
    JSON.stringify({
      text,
      status,
      reasons,
      categories,
      evidence,
      severity,
      matchedTerms,
      sentiment,
      rulesVersion,
      modelVersion,
    }),
  );
}

/** A CSV's "text" column, or every non-blank line. */
function messagesIn(input: string, csv: boolean): string[] {
  if (!csv) return input.split(/\r?\n/).filter((line) => line.trim() !== "");
  const records = parseCsvRecords(input);
  if (records.length > 0 && !("text" in records[0]!)) fail('the CSV has no "text" column');
  return records.map((record) => record["text"] ?? "").filter((text) => text.trim() !== "");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail("--policy is not JSON");
  }
}

function fail(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}
