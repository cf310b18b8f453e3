import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_MS, SessionExpiry } from "../src/server/session-expiry.ts";

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
    new SessionExpiry().add(target, new Date(30 * DAY));
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
    new SessionExpiry().add(target, new Date(5_000));
    expect(target.closes).toEqual([[4403, "Session expired"]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes each of many sockets at its own expiry, with one timer", () => {
    vi.useFakeTimers({ now: 0 });
    const expiry = new SessionExpiry();
    const [late, early, middle, gone] = [socket(), socket(), socket(), socket()];
    expiry.add(late, new Date(3_000));
    expiry.add(early, new Date(1_000));
    expiry.add(middle, new Date(2_000));
    expiry.add(gone, new Date(1_500));
    expiry.delete(gone);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    expect([early, middle, late].map((each) => each.closes.length)).toEqual([0, 0, 0]);
    vi.advanceTimersByTime(1);
    expect([early, middle, late].map((each) => each.closes.length)).toEqual([1, 0, 0]);
    vi.advanceTimersByTime(1_000);
    expect([early, middle, late].map((each) => each.closes.length)).toEqual([1, 1, 0]);
    vi.advanceTimersByTime(1_000);
    expect(late.closes).toEqual([[4403, "Session expired"]]);
    expect(gone.closes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("leaves nothing behind when the socket closes first", () => {
    vi.useFakeTimers({ now: 0 });
    const target = socket();
    const expiry = new SessionExpiry();
    expiry.add(target, new Date(30 * DAY));
    vi.advanceTimersByTime(MAX_TIMER_MS + 1_000);
    expiry.delete(target);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60 * DAY);
    expect(target.closes).toEqual([]);
  });

  it("does not keep the process alive", () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const before = timers();
    const expiry = new SessionExpiry();
    const target = socket();
    expiry.add(target, new Date(Date.now() + DAY));
    expect(timers()).toBe(before);
    expiry.delete(target);
  });
});
