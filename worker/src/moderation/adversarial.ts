// The project's adversarial set (worker/data/adversarial/README.md): chat messages written to try
// the moderator on abuse without listed words and on innocent text that looks like abuse.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsvRecords } from "./csv.ts";
import type { KindFigures } from "./evaluation.ts";

export const adversarialSetPath = fileURLToPath(new URL("../../data/adversarial/messages.csv", import.meta.url));

/** Kinds whose messages are all labelled flag. */
export const abusiveKinds = [
  "obfuscated_profanity",
  "obfuscated_slur",
  "harassment_no_profanity",
  "threat",
  "self_harm_encouragement",
  "hate_no_slur",
  "insult_other_language",
  "threat_other_language",
  "hate_other_language",
] as const;

/** Kinds whose messages are all labelled clean. */
export const innocentKinds = [
  "innocent_names_places_food_anatomy",
  "innocent_other_language",
  "banter",
  "quoting_to_condemn",
  "identity_mention",
  "dialect",
  "clean_everyday",
] as const;

/**
 * What the learned moderator is to reach on this set, per kind. Today's rules are far from it: the
 * distance is reported, not required of them.
 */
export const kindTargets = { caught: 0.85, passed: 0.9 } as const;

/** One row as written: the test, not the reader, decides whether its values are valid. */
export interface AdversarialRow {
  text: string;
  label: string;
  kind: string;
  category: string;
  lang: string;
}

export function readAdversarialSet(path: string = adversarialSetPath): AdversarialRow[] {
  return parseCsvRecords(readFileSync(path, "utf8")).map(
    ({ text = "", label = "", kind = "", category = "", lang = "" }) => ({ text, label, kind, category, lang }),
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A table of each kind's figures against its target and the distance to it, for people to read. */
export function kindTable(figures: readonly KindFigures[]): string[] {
  const widths = [34, 16, 7, 7, 30];
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 4)).join(" | ")} |`;
  const lines = [line(["kind", "caught / passed", "share", "target", "distance to target"])];
  lines.push(line(widths.map((width) => "-".repeat(width))));
  for (const { kind, abusive, messages, correct } of figures) {
    const share = correct / Math.max(1, messages);
    const target = abusive ? kindTargets.caught : kindTargets.passed;
    const missing = Math.max(0, Math.ceil(target * messages - 1e-9) - correct);
    lines.push(
      line([
        kind || "(no kind)",
        `${correct}/${messages} ${abusive ? "caught" : "passed"}`,
        percent(share),
        `>= ${percent(target).replace(".0", "")}`,
        missing === 0
          ? "met"
          : `${((target - share) * 100).toFixed(1)} points (${missing} more ${abusive ? "caught" : "passed"})`,
      ]),
    );
  }
  return lines;
}
