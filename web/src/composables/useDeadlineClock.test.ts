import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, nextTick, ref } from "vue";
import { useDeadlineClock } from "./useDeadlineClock.ts";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse("2026-11-21T13:00:00.400Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useDeadlineClock", () => {
  it("ticks as each shown second changes while a deadline is ahead, then stops", () => {
    const deadline = ref<number | null>(Date.now() + 2_500);
    const scope = effectScope();
    const now = scope.run(() => useDeadlineClock(() => [deadline.value]))!;
    const start = now.value;
    vi.advanceTimersByTime(499);
    expect(now.value).toBe(start);
    vi.advanceTimersByTime(1); // 2.0 s left: the countdown shows 00:02
    expect(now.value).toBe(start + 500);
    vi.advanceTimersByTime(2_000); // the deadline itself
    expect(now.value).toBe(start + 2_500);
    expect(vi.getTimerCount()).toBe(0); // nothing left to count
    scope.stop();
  });

  it("runs no timer without a deadline ahead, starts when one is set, and stops with its scope", async () => {
    const deadline = ref<number | null>(null);
    const past = Date.now() - 1_000;
    const scope = effectScope();
    const now = scope.run(() => useDeadlineClock(() => [deadline.value, past]))!;
    expect(vi.getTimerCount()).toBe(0);
    deadline.value = Date.now() + 3_000;
    await nextTick();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(now.value).toBe((deadline.value ?? 0) - 2_000);
    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
