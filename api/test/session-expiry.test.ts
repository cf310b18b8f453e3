import { afterEach, describe, expect, it, vi } from "vitest";
import { closeAtExpiry, MAX_TIMER_MS } from "../src/server/session-expiry.ts";

const DAY = 86_400_000;

function socket() {
  const closes: [number, string][] = [];
  return { closes, close: (code: number, reason: string) => void closes.push([code, reason]) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("closing a socket when its session expires", () => {
  it("waits past setTimeout's longest delay in steps, then closes with 4403", () => {
    vi.useFakeTimers({ now: 0 });
    const target = socket();
    // 30 days, as sessions last: one setTimeout of that length would fire at once.
    closeAtExpiry(target, new Date(30 * DAY));
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(target.closes).toEqual([]);
    vi.advanceTimersByTime(30 * DAY - MAX_TIMER_MS - 1);
    expect(target.closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(target.closes).toEqual([[4403, "Session expired"]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes at once a session already over, and leaves no timer", () => {
    vi.useFakeTimers({ now: 10_000 });
    const target = socket();
    closeAtExpiry(target, new Date(5_000));
    expect(target.closes).toEqual([[4403, "Session expired"]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves nothing behind when the socket closes first", () => {
    vi.useFakeTimers({ now: 0 });
    const target = socket();
    const cancel = closeAtExpiry(target, new Date(30 * DAY));
    vi.advanceTimersByTime(MAX_TIMER_MS + 1_000);
    cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60 * DAY);
    expect(target.closes).toEqual([]);
  });

  it("does not keep the process alive", () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const before = timers();
    const cancel = closeAtExpiry(socket(), new Date(Date.now() + DAY));
    expect(timers()).toBe(before);
    cancel();
  });
});
