import { describe, expect, it } from "vitest";
import { CUSTOM, escalationInWords, MODES, parseSteps, type RulesDraft, rulesDraft, rulesInput } from "./room-rules.ts";

const rules = {
  id: "r1",
  moderationMode: "POST" as const,
  slowModeSeconds: 0,
  policy: {
    escalation: { enabled: true, count: 3, windowMinutes: 10, timeoutMinutes: [10, 1440], repeatWindowHours: 24 },
  },
};
const draft = (overrides: Partial<RulesDraft> = {}): RulesDraft => ({ ...rulesDraft(rules), ...overrides });

describe("room rules", () => {
  it("offers the three modes, hold for the automatic verdict among them, each with what it means", () => {
    expect(MODES.map((mode) => [mode.value, mode.label])).toEqual([
      ["POST", "After posting"],
      ["HOLD", "Hold for the automatic verdict"],
      ["PRE", "Before posting"],
    ]);
    for (const mode of MODES) expect(mode.meaning).toMatch(/^[A-Z].+\.$/);
  });

  it("reads the room's rules into the form: a listed slow mode by its choice, another as custom seconds", () => {
    expect(draft()).toEqual({
      mode: "POST",
      slowMode: "0",
      slowModeSeconds: "",
      escalationEnabled: true,
      count: "3",
      windowMinutes: "10",
      steps: "10, 1440",
      repeatWindowHours: "24",
    });
    expect(rulesDraft({ ...rules, slowModeSeconds: 900 }).slowMode).toBe("900");
    expect(rulesDraft({ ...rules, slowModeSeconds: 45 })).toMatchObject({ slowMode: CUSTOM, slowModeSeconds: "45" });
    // A viewer who may not read the policy sees the service's defaults.
    expect(rulesDraft({ ...rules, policy: null })).toMatchObject({ count: "3", steps: "10, 1440" });
  });

  it("sends the mode, slow mode and the whole escalation rule", () => {
    expect(rulesInput(draft({ mode: "HOLD", slowMode: "30", count: 4, steps: "5 , 60,1440" }))).toEqual({
      input: {
        moderationMode: "HOLD",
        slowModeSeconds: 30,
        escalation: {
          enabled: true,
          count: 4,
          windowMinutes: 10,
          timeoutMinutes: [5, 60, 1440],
          repeatWindowHours: 24,
        },
      },
      problem: null,
    });
    expect(rulesInput(draft({ slowMode: CUSTOM, slowModeSeconds: 21_600 })).input?.slowModeSeconds).toBe(21_600);
  });

  it("turned off, sends only that: the room keeps its numbers for next time, unchecked", () => {
    expect(rulesInput(draft({ escalationEnabled: false, count: "nonsense" }))).toEqual({
      input: { moderationMode: "POST", slowModeSeconds: 0, escalation: { enabled: false } },
      problem: null,
    });
  });

  it("finds what the API would refuse, naming the field", () => {
    const problem = (overrides: Partial<RulesDraft>) => rulesInput(draft(overrides)).problem;
    expect(problem({ slowMode: CUSTOM, slowModeSeconds: 21_601 })).toEqual({
      field: "slowModeSeconds",
      message: "Slow mode is 0 (off) to 21600 seconds (6 hours).",
    });
    expect(problem({ slowMode: CUSTOM, slowModeSeconds: "" })?.field).toBe("slowModeSeconds");
    expect(problem({ count: "1" })).toEqual({ field: "count", message: "The number of messages is 2 to 50." });
    expect(problem({ count: 51 })?.field).toBe("count");
    expect(problem({ count: "2.5" })?.field).toBe("count");
    expect(problem({ windowMinutes: "1441" })).toEqual({
      field: "windowMinutes",
      message: "The window is 1 to 1440 minutes (a day).",
    });
    expect(problem({ steps: "" })?.message).toBe(
      "Give 1 to 5 timeouts in minutes, separated by commas (for example 10, 1440).",
    );
    expect(problem({ steps: "1, 2, 3, 4, 5, 6" })?.field).toBe("steps");
    expect(problem({ steps: "10, 1h" })?.field).toBe("steps");
    expect(problem({ steps: "0" })?.message).toBe("Each timeout is 1 minute to 40320 minutes (28 days).");
    expect(problem({ steps: "40321" })?.field).toBe("steps");
    expect(problem({ repeatWindowHours: 0 })).toEqual({
      field: "repeatWindowHours",
      message: "The repeat window is 1 to 720 hours (30 days).",
    });
  });

  it("says the rule in a sentence", () => {
    expect(escalationInWords(draft())).toBe(
      "3 flagged or removed messages within 10 minutes time a member out for 10 minutes; again within 24 hours, for 1 day (the last one repeats).",
    );
    expect(escalationInWords(draft({ steps: "60" }))).toBe(
      "3 flagged or removed messages within 10 minutes time a member out for 1 hour, and as long each time again.",
    );
    expect(escalationInWords(draft({ escalationEnabled: false }))).toBe(
      "Nobody is timed out automatically in this room.",
    );
    expect(escalationInWords(draft({ steps: "x" }))).toBe("");
    expect(parseSteps(" 5, 10 15 ")).toEqual([5, 10, 15]);
  });
});
