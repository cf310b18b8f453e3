import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope } from "vue";
import { NOTICE_MS, useModerationOutcome } from "./useModerationOutcome.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function start() {
  const scope = effectScope();
  const outcome = scope.run(() => useModerationOutcome());
  if (!outcome) throw new Error("no outcome");
  return outcome;
}

describe("useModerationOutcome", () => {
  it("shows the outcome with its Undo for a few seconds, then neither", async () => {
    const outcome = start();
    outcome.show("Rejected 2 messages", async () => null);
    expect(outcome.notice.value).toMatchObject({ text: "Rejected 2 messages", error: false });
    expect(outcome.notice.value?.undo).not.toBeNull();
    await vi.advanceTimersByTimeAsync(NOTICE_MS - 1);
    expect(outcome.notice.value?.undo).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.notice.value).toBeNull();
  });

  it("waits while the notice is held (pointer or focus on it), and counts again from its release", async () => {
    const outcome = start();
    outcome.show("Rejected 1 message", async () => null);
    outcome.hold(true);
    await vi.advanceTimersByTimeAsync(NOTICE_MS * 3);
    expect(outcome.notice.value?.text).toBe("Rejected 1 message");
    outcome.hold(false);
    await vi.advanceTimersByTimeAsync(NOTICE_MS);
    expect(outcome.notice.value).toBeNull();
  });

  it("runs the undo once; a failed undo is shown as an error", async () => {
    const outcome = start();
    let runs = 0;
    outcome.show("Rejected 1 message", async () => {
      runs += 1;
      return "Cannot restore: message 4 is deleted by its author.";
    });
    await Promise.all([outcome.undo(), outcome.undo()]);
    expect(runs).toBe(1);
    expect(outcome.notice.value).toMatchObject({
      text: "Cannot restore: message 4 is deleted by its author.",
      error: true,
      undo: null,
    });
  });
});
