import { describe, expect, it } from "vitest";
import { type CategoryThreshold, thresholdChanges, thresholdDrafts, thresholdProblem } from "./thresholds.ts";

const rows: CategoryThreshold[] = [
  { category: "INSULT", flag: 0.7, reject: 1, isDefault: true },
  { category: "THREAT", flag: 0.5, reject: 0.9, isDefault: false },
];

describe("thresholdChanges", () => {
  it("sends nothing for categories left as they were, so they keep following the defaults", () => {
    expect(thresholdChanges(rows, thresholdDrafts(rows))).toEqual([]);
  });

  it("sends only the values that changed, and null for both on a reset", () => {
    const [insult, threat] = thresholdDrafts(rows);
    const drafts = [
      { ...insult!, flag: 0.55 },
      { ...threat!, reset: true },
    ];
    expect(thresholdChanges(rows, drafts)).toEqual([
      { category: "INSULT", flag: 0.55 },
      { category: "THREAT", flag: null, reject: null },
    ]);
  });

  it("sends no reset for a category already on the defaults", () => {
    const drafts = thresholdDrafts(rows).map((draft) => ({ ...draft, reset: draft.category === "INSULT" }));
    expect(thresholdChanges(rows, drafts)).toEqual([]);
  });
});

describe("thresholdProblem", () => {
  const insult = thresholdDrafts(rows)[0]!;

  it("accepts 0.05 to 1, off the step too (a default may be 0.97)", () => {
    expect(thresholdProblem({ ...insult, flag: 0.05, reject: 0.97 })).toBeNull();
    expect(thresholdProblem({ ...insult, flag: 1, reject: 1 })).toBeNull();
  });

  it("names the category and the field at fault", () => {
    expect(thresholdProblem({ ...insult, flag: 0 })).toEqual({
      category: "INSULT",
      field: "flag",
      message: "Insult: the flag score must be 0.05 to 1.",
    });
    expect(thresholdProblem({ ...insult, reject: "" })?.field).toBe("reject");
    expect(thresholdProblem({ ...insult, reject: 1.5 })?.message).toBe("Insult: the reject score must be 0.05 to 1.");
    expect(thresholdProblem({ ...insult, flag: 0.9, reject: 0.8 })).toEqual({
      category: "INSULT",
      field: "flag",
      message: "Insult: the flag score cannot be above the reject score.",
    });
  });

  it("finds nothing wrong with a reset: the defaults apply", () => {
    expect(thresholdProblem({ ...insult, flag: "", reset: true })).toBeNull();
  });
});
