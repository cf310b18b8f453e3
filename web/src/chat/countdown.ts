// Times left and ends, as the room shows them (a timeout's end, slow mode's next turn).
// The browser's locale and time zone: `undefined` locale in every formatter.

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const fullDate = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * Time left, rounded up (it never shows less than there is, and reaches zero at the end):
 * under an hour "mm:ss" ("04:59"), under a day "h m" ("2 h 05 m"), beyond "d h" ("3 d 4 h").
 */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 3600) return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} m`;
  const hours = Math.ceil(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The same time left in words, for screen readers ("4 minutes 59 seconds"). */
export function countdownInWords(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const unit = (count: number, name: string) => `${count} ${name}${count === 1 ? "" : "s"}`;
  if (seconds < 60) return unit(seconds, "second");
  if (seconds < 3600) {
    const rest = seconds % 60;
    return rest ? `${unit(Math.floor(seconds / 60), "minute")} ${unit(rest, "second")}` : unit(seconds / 60, "minute");
  }
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    const hours = unit(Math.floor(minutes / 60), "hour");
    return rest ? `${hours} ${unit(rest, "minute")}` : hours;
  }
  const hours = Math.ceil(minutes / 60);
  const rest = hours % 24;
  const days = unit(Math.floor(hours / 24), "day");
  return rest ? `${days} ${unit(rest, "hour")}` : days;
}

/** When something ends, in local time: the time alone today ("14:05"), else with its day, and its year if another. */
export function untilText(iso: string, now: number): string {
  const end = new Date(iso);
  const today = new Date(now);
  if (end.toDateString() === today.toDateString()) return time.format(end);
  return end.getFullYear() === today.getFullYear() ? dayAndTime.format(end) : fullDate.format(end);
}

/** Milliseconds from `now` to an ISO time or epoch ms; 0 once it has passed (or for none). */
export function remainingMs(until: string | number | null | undefined, now: number): number {
  if (until === null || until === undefined) return 0;
  const end = typeof until === "number" ? until : Date.parse(until);
  return Number.isFinite(end) ? Math.max(0, end - now) : 0;
}
