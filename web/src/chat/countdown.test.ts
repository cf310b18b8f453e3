import { describe, expect, it } from "vitest";
import { countdownInWords, formatCountdown, remainingMs, untilText } from "./countdown.ts";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

describe("formatCountdown", () => {
  it("shows mm:ss under an hour, rounded up so it reaches 00:00 only at the end", () => {
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(-5_000)).toBe("00:00");
    expect(formatCountdown(1)).toBe("00:01");
    expect(formatCountdown(9_000)).toBe("00:09");
    expect(formatCountdown(9_001)).toBe("00:10");
    expect(formatCountdown(5 * 60_000)).toBe("05:00");
    expect(formatCountdown(59 * 60_000 + 59_000)).toBe("59:59");
  });

  it("shows hours and minutes from an hour on, and days and hours from a day on", () => {
    expect(formatCountdown(60 * 60_000)).toBe("1 h 00 m");
    expect(formatCountdown(60 * 60_000 + 1)).toBe("1 h 01 m");
    expect(formatCountdown((2 * 60 + 5) * 60_000)).toBe("2 h 05 m");
    expect(formatCountdown(24 * 3_600_000 - 1)).toBe("1 d 0 h");
    expect(formatCountdown(23 * 3_600_000 + 59 * 60_000)).toBe("23 h 59 m");
    expect(formatCountdown((3 * 24 + 4) * 3_600_000)).toBe("3 d 4 h");
    expect(formatCountdown(28 * 24 * 3_600_000)).toBe("28 d 0 h");
  });

  it("says the same in words for screen readers", () => {
    expect(countdownInWords(1_000)).toBe("1 second");
    expect(countdownInWords(9_000)).toBe("9 seconds");
    expect(countdownInWords(4 * 60_000 + 59_000)).toBe("4 minutes 59 seconds");
    expect(countdownInWords(2 * 60_000)).toBe("2 minutes");
    expect(countdownInWords(3_600_000)).toBe("1 hour");
    expect(countdownInWords((2 * 60 + 5) * 60_000)).toBe("2 hours 5 minutes");
    expect(countdownInWords(2 * 24 * 3_600_000)).toBe("2 days");
    expect(countdownInWords(25 * 3_600_000)).toBe("1 day 1 hour");
  });
});

describe("untilText", () => {
  const now = new Date(2026, 10, 21, 9, 30).getTime(); // local time

  it("gives the time alone for today, in the browser's locale", () => {
    const end = new Date(2026, 10, 21, 14, 5);
    expect(untilText(end.toISOString(), now)).toBe(time.format(end));
  });

  it("adds the day on another day, and the year in another year", () => {
    const tomorrow = untilText(new Date(2026, 10, 22, 14, 5).toISOString(), now);
    expect(tomorrow).not.toBe(time.format(new Date(2026, 10, 22, 14, 5)));
    expect(tomorrow).toContain("22");
    expect(untilText(new Date(2027, 0, 2, 8, 0).toISOString(), now)).toContain("2027");
  });
});

describe("remainingMs", () => {
  it("counts to an ISO time or epoch ms, and never below zero", () => {
    expect(remainingMs("2026-11-21T10:00:10.000Z", Date.parse("2026-11-21T10:00:00.000Z"))).toBe(10_000);
    expect(remainingMs(5_000, 1_000)).toBe(4_000);
    expect(remainingMs(1_000, 5_000)).toBe(0);
    expect(remainingMs(null, 5_000)).toBe(0);
    expect(remainingMs("not a date", 5_000)).toBe(0);
  });
});
