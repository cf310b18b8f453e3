// When messages were sent, as the reader's browser tells time: its locale picks 12 or 24 hours
// and the order of day and month, its time zone picks where one day ends. `locale` is for tests.

const clocks = new Map<string | undefined, Intl.DateTimeFormat>();

/** A time of day ("9:05 AM" in en-US, "09:05" in en-GB). */
export function clockTime(date: Date, locale?: string): string {
  let clock = clocks.get(locale);
  if (!clock) {
    clock = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
    clocks.set(locale, clock);
  }
  return clock.format(date);
}

/** The local calendar day an instant falls on ("2026-11-30"): the messages of one day share it. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether `message` was sent on another local day than the one before it (or is the first shown). */
export function startsDay(previous: { createdAt: string } | undefined, message: { createdAt: string }): boolean {
  return !previous || dayKey(new Date(previous.createdAt)) !== dayKey(new Date(message.createdAt));
}

/**
 * What a day separator says: "Today", "Yesterday", else the weekday and date ("Monday 30 November"
 * in en-GB, "Monday, November 30" in en-US), with the year when it is not this year's.
 */
export function dayLabel(date: Date, now: Date, locale?: string): string {
  const key = dayKey(date);
  if (key === dayKey(now)) return "Today";
  // The day before today, by the calendar: a day with a daylight-saving change is not 24 hours long.
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === dayKey(yesterday)) return "Yesterday";
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  }).format(date);
}
