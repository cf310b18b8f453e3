import { describe, expect, it } from "vitest";
import { continuesGroup, type ShownMessage } from "./format.ts";
import { clockTime, dayKey, dayLabel, startsDay } from "./time.ts";

// Local times (whatever the machine's time zone): what the reader's calendar and clock say.
const at = (year: number, month: number, day: number, hour = 12, minute = 0) =>
  new Date(year, month - 1, day, hour, minute);
/** Intl may put a narrow no-break space before AM/PM: compared as plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("clockTime", () => {
  it("uses 12 hours in en-US and 24 hours in en-GB", () => {
    expect(plain(clockTime(at(2026, 11, 30, 9, 5), "en-US"))).toBe("9:05 AM");
    expect(plain(clockTime(at(2026, 11, 30, 21, 45), "en-US"))).toBe("9:45 PM");
    // ICU builds differ on the leading zero of 24-hour times (Chromium: "09:05"); neither says AM.
    expect(clockTime(at(2026, 11, 30, 9, 5), "en-GB")).toMatch(/^0?9:05$/);
    expect(clockTime(at(2026, 11, 30, 21, 45), "en-GB")).toBe("21:45");
    expect(clockTime(at(2026, 11, 30, 0, 0), "en-GB")).toMatch(/^0?0:00$/);
    expect(plain(clockTime(at(2026, 11, 30, 0, 0), "en-US"))).toBe("12:00 AM");
  });
});

describe("dayKey and startsDay", () => {
  it("names the local calendar day, from its first minute to its last", () => {
    expect(dayKey(at(2026, 11, 30, 0, 0))).toBe("2026-11-30");
    expect(dayKey(at(2026, 11, 30, 23, 59))).toBe("2026-11-30");
    expect(dayKey(at(2026, 12, 1, 0, 0))).toBe("2026-12-01");
    expect(dayKey(at(2027, 1, 9))).toBe("2027-01-09");
  });

  it("starts a day at the first message and wherever the local day changes, not by 24 hours", () => {
    const message = (date: Date) => ({ createdAt: date.toISOString() });
    expect(startsDay(undefined, message(at(2026, 11, 30)))).toBe(true);
    expect(startsDay(message(at(2026, 11, 30, 0, 1)), message(at(2026, 11, 30, 23, 59)))).toBe(false);
    expect(startsDay(message(at(2026, 11, 30, 23, 59)), message(at(2026, 12, 1, 0, 1)))).toBe(true);
  });

  it("breaks a group of one person's messages at midnight", () => {
    const author = { id: "u1", username: "alice" };
    const message = (date: Date) => ({ author, createdAt: date.toISOString() }) as ShownMessage;
    expect(continuesGroup(message(at(2026, 11, 30, 23, 57)), message(at(2026, 11, 30, 23, 59)))).toBe(true);
    expect(continuesGroup(message(at(2026, 11, 30, 23, 59)), message(at(2026, 12, 1, 0, 1)))).toBe(false);
  });
});

describe("dayLabel", () => {
  const now = at(2026, 12, 6, 11, 30); // a Sunday

  it("says Today and Yesterday by the calendar, whatever the hour", () => {
    expect(dayLabel(at(2026, 12, 6, 0, 0), now, "en-GB")).toBe("Today");
    expect(dayLabel(at(2026, 12, 6, 23, 59), now, "en-US")).toBe("Today");
    expect(dayLabel(at(2026, 12, 5, 23, 59), now, "en-GB")).toBe("Yesterday");
    expect(dayLabel(at(2026, 12, 5, 0, 0), at(2026, 12, 6, 0, 1), "en-GB")).toBe("Yesterday");
    // Across a month's and a year's end.
    expect(dayLabel(at(2026, 11, 30), at(2026, 12, 1, 8), "en-GB")).toBe("Yesterday");
    expect(dayLabel(at(2026, 12, 31), at(2027, 1, 1, 8), "en-GB")).toBe("Yesterday");
  });

  it("names older days of this year by weekday and date, in the locale's order", () => {
    expect(dayLabel(at(2026, 11, 30), now, "en-GB")).toBe("Monday 30 November");
    expect(dayLabel(at(2026, 11, 30), now, "en-US")).toBe("Monday, November 30");
    expect(dayLabel(at(2026, 12, 4), now, "en-GB")).toBe("Friday 4 December");
  });

  it("adds the year to days of another year", () => {
    expect(dayLabel(at(2025, 11, 30), now, "en-GB")).toBe("Sunday, 30 November 2025");
    expect(dayLabel(at(2025, 11, 30), now, "en-US")).toBe("Sunday, November 30, 2025");
    expect(dayLabel(at(2026, 12, 30), at(2027, 1, 2), "en-GB")).toBe("Wednesday, 30 December 2026");
  });
});
