// Holding a report on the held-out part to the figures it reached, source by source, for the
// classifier alone (classifier.test.ts) and for the whole verdict (verdict-figures.test.ts).

import { expect, it } from "vitest";
import type { HeldOutReport } from "../src/moderation/classifier-evaluation.ts";

/** What a report reached (`pnpm moderation:model-eval`): macro-F1, and F1 and false positives per source. */
export interface ReachedFigures {
  macroF1: number;
  bySource: Record<string, { f1: number; falsePositiveRate: number | null }>;
}

// A source's held-out part has 400 to 17,000 rows: one or two points are noise, more is worse.
const MARGIN = { macroF1: 0.01, f1: 0.03, falsePositiveRate: 0.03 };

/** Declares the tests, inside the caller's describe(), that hold `report` to `reached` minus the margin. */
export function keepsHeldOutFigures(report: HeldOutReport, reached: ReachedFigures): void {
  it("keeps its macro-F1 over the corpus's sources", () => {
    expect(report.macroF1).toBeGreaterThanOrEqual(reached.macroF1 - MARGIN.macroF1);
  });

  it.each(Object.entries(reached.bySource))("keeps its F1 and false positives on %s", (source, figures) => {
    const measured = report.bySource.get(source);
    expect(measured, `no held-out rows of ${source}`).toBeDefined();
    expect(measured?.f1).toBeGreaterThanOrEqual(figures.f1 - MARGIN.f1);
    if (figures.falsePositiveRate !== null)
      expect(measured?.falsePositiveRate).toBeLessThanOrEqual(figures.falsePositiveRate + MARGIN.falsePositiveRate);
  });
}
