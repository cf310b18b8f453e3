import { describe, expect, it } from "vitest";
import { sanction } from "../testing/people.ts";
import {
  CUSTOM,
  choicesFor,
  confirmQuestion,
  defaultDuration,
  draftMinutes,
  durationInWords,
  inForceFirst,
  isModeratorRole,
  mayLift,
  reasonProblem,
  resultSentence,
  sanctionState,
  TIMEOUT_MAX_MINUTES,
} from "./sanctions.ts";

describe("duration choices", () => {
  it("offers timeouts of 1 minute, 10 minutes, 1 hour, 1 day and 1 week; bans and suspensions may have no end", () => {
    expect(choicesFor("TIMEOUT").map((choice) => [choice.label, choice.minutes])).toEqual([
      ["1 minute", 1],
      ["10 minutes", 10],
      ["1 hour", 60],
      ["1 day", 1440],
      ["1 week", 10080],
    ]);
    expect(choicesFor("BAN")[0]).toEqual({ value: "none", label: "No end", minutes: null });
    expect(choicesFor("SUSPENSION")).toBe(choicesFor("BAN"));
    expect(defaultDuration("TIMEOUT").choice).toBe("10");
    expect(defaultDuration("BAN").choice).toBe("none");
  });

  it("reads a listed choice as its minutes, and no end as null", () => {
    expect(draftMinutes("TIMEOUT", { choice: "60", amount: "", unit: "hours" })).toEqual({ minutes: 60, error: null });
    expect(draftMinutes("BAN", { choice: "none", amount: "", unit: "days" })).toEqual({ minutes: null, error: null });
    // No end is not a timeout's to have.
    expect(draftMinutes("TIMEOUT", { choice: "none", amount: "", unit: "days" }).error).toBe(
      "Choose how long it lasts.",
    );
  });

  it("reads a custom duration in its unit, typed as text or (from a number input) as a number", () => {
    expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount: "90", unit: "minutes" })).toEqual({
      minutes: 90,
      error: null,
    });
    expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount: 2, unit: "hours" })).toEqual({
      minutes: 120,
      error: null,
    });
    expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount: 28, unit: "days" })).toEqual({
      minutes: TIMEOUT_MAX_MINUTES,
      error: null,
    });
    expect(draftMinutes("BAN", { choice: CUSTOM, amount: 365, unit: "days" }).minutes).toBe(525_600);
  });

  it("refuses what the API would, in its words: past 28 days for a timeout, past 10 years, under a minute", () => {
    expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount: 29, unit: "days" }).error).toBe(
      "A timeout lasts 1 minute to 28 days (40320 minutes).",
    );
    expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount: 40_321, unit: "minutes" }).error).toMatch(/^A timeout/);
    expect(draftMinutes("BAN", { choice: CUSTOM, amount: 3651, unit: "days" }).error).toBe(
      "A ban lasts 1 minute to 10 years, or choose no end.",
    );
    for (const amount of ["", "0", "-5", "abc", 0.2])
      expect(draftMinutes("TIMEOUT", { choice: CUSTOM, amount, unit: "minutes" }).error).toBe(
        "Give a duration of at least 1 minute.",
      );
  });

  it("says durations as people do", () => {
    expect([1, 10, 60, 90, 1440, 2880, 10080, 20160, 1500, 43200].map(durationInWords)).toEqual([
      "1 minute",
      "10 minutes",
      "1 hour",
      "1 hour 30 minutes",
      "1 day",
      "2 days",
      "1 week",
      "2 weeks",
      "1 day 1 hour",
      "30 days",
    ]);
  });
});

describe("reasons", () => {
  it("needs 1 to 500 characters for a sanction; a lift may give none", () => {
    expect(reasonProblem("  ")).toBe("Give a reason: the person reads it.");
    expect(reasonProblem("spam")).toBeNull();
    expect(reasonProblem("x".repeat(501))).toBe("A reason is at most 500 characters.");
    expect(reasonProblem("", false)).toBeNull();
    expect(reasonProblem("x".repeat(501), false)).not.toBeNull();
  });
});

describe("sanctions in words", () => {
  it("asks to confirm each kind", () => {
    expect(confirmQuestion("TIMEOUT", "alice", "general", 10)).toBe("Time out alice in #general for 10 minutes?");
    expect(confirmQuestion("BAN", "alice", "general", null)).toBe("Ban alice from #general with no end?");
    expect(confirmQuestion("SUSPENSION", "alice", null, 1440)).toBe(
      "Suspend alice's account for 1 day? They are signed out everywhere at once.",
    );
  });

  it("says what an action did", () => {
    const at = (iso: string) => iso.slice(11, 16);
    expect(resultSentence(sanction(), at)).toBe("alice is timed out in #general until 11:00.");
    expect(resultSentence(sanction({ kind: "BAN", endsAt: null }), at)).toBe(
      "alice is banned from #general with no end.",
    );
    expect(resultSentence(sanction({ kind: "SUSPENSION", room: null }), at)).toBe(
      "alice's account is suspended until 11:00.",
    );
  });

  it("tells in force, lifted and ended apart, and lists those in force first", () => {
    expect(sanctionState(sanction())).toBe("in-force");
    expect(sanctionState(sanction({ inForce: false, liftedAt: "2026-11-21T10:30:00Z" }))).toBe("lifted");
    expect(sanctionState(sanction({ inForce: false }))).toBe("ended");
    const old = sanction({ id: "old", startsAt: "2026-11-20T10:00:00Z" });
    const over = sanction({ id: "over", inForce: false, startsAt: "2026-11-22T10:00:00Z" });
    const newer = sanction({ id: "newer", startsAt: "2026-11-21T12:00:00Z" });
    expect(inForceFirst([old, over, newer]).map((each) => each.id)).toEqual(["newer", "old", "over"]);
  });

  it("lets moderators lift timeouts and bans in force, and only admins suspensions", () => {
    expect(mayLift(sanction(), "MODERATOR")).toBe(true);
    expect(mayLift(sanction({ kind: "BAN" }), "ADMIN")).toBe(true);
    expect(mayLift(sanction({ inForce: false }), "ADMIN")).toBe(false);
    expect(mayLift(sanction(), "MEMBER")).toBe(false);
    expect(mayLift(sanction({ kind: "SUSPENSION" }), "MODERATOR")).toBe(false);
    expect(mayLift(sanction({ kind: "SUSPENSION" }), "ADMIN")).toBe(true);
    expect([isModeratorRole("MEMBER"), isModeratorRole("MODERATOR"), isModeratorRole(undefined)]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
