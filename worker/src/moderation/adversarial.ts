// The project's adversarial set (worker/data/adversarial/README.md): chat messages written to try
// the moderator on abuse without listed words and on innocent text that looks like abuse.

import type { KindFigures } from "./evaluation.ts";

/**
 * What the learned moderator is to reach on this set, per kind. Today's rules are far from it: the
 * distance is reported, not required of them.
 */
export const kindTargets = { caught: 0.85, passed: 0.9 } as const;

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
