import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope } from "vue";
import { dayKey } from "../chat/time.ts";
import { useToday } from "./useToday.ts";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(2026, 11, 6, 23, 59, 0)); // a minute before local midnight
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useToday", () => {
  it("moves on at local midnight, not before, with one timer, until its scope stops", () => {
    const scope = effectScope();
    const today = scope.run(() => useToday())!;
    expect(dayKey(today.value)).toBe("2026-12-06");
    vi.advanceTimersByTime(59_000);
    expect(dayKey(today.value)).toBe("2026-12-06");
    vi.advanceTimersByTime(2_000);
    expect(dayKey(today.value)).toBe("2026-12-07");
    expect(vi.getTimerCount()).toBe(1); // armed for the next midnight
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(dayKey(today.value)).toBe("2026-12-08");
    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
