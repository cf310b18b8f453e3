// Printing the classifier's figures as Markdown tables, ready to paste into the model card.

import type { FlagFigures, HeldOutReport, ThresholdFigures } from "./classifier-evaluation.ts";

const figure = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function flagTable(title: string, groups: ReadonlyMap<string, FlagFigures>): string {
  return table(
    [title, "rows", "flag", "clean", "precision", "recall", "F1", "false positives on clean"],
    [...groups].map(([name, f]) => [
      name,
      String(f.rows),
      String(f.flagged),
      String(f.clean),
      figure(f.precision),
      figure(f.recall),
      figure(f.f1),
      figure(f.falsePositiveRate),
    ]),
  );
}

export function formatHeldOutReport(report: HeldOutReport): string {
  const outputs = table(
    ["output", "rows with a label for it", "positives", "precision", "recall"],
    [...report.byOutput].map(([category, f]) => [
      category,
      String(f.rows),
      String(f.positives),
      figure(f.precision),
      figure(f.recall),
    ]),
  );
  return [
    flagTable("source", report.bySource),
    flagTable("language", report.byLanguage),
    flagTable("corpus category", report.caughtByCategory),
    outputs,
    `macro-F1 over the corpus's sources: ${figure(report.macroF1)}; all corpus rows: F1 ${figure(report.overall.f1)}, false positives on clean ${figure(report.overall.falsePositiveRate)}`,
  ].join("\n\n");
}

export function formatThresholdSweep(sweep: readonly ThresholdFigures[]): string {
  return table(
    ["flag threshold", "macro-F1", "worst false positives on clean", "in source"],
    sweep.map((row) => [
      row.threshold.toFixed(2),
      figure(row.macroF1),
      figure(row.worstFalsePositiveRate),
      row.worstSource,
    ]),
  );
}
