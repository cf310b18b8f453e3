import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";
import {
  bannedSentence,
  describeRefusal,
  inForce,
  mutedSentence,
  sanctionOf,
  sanctionSentence,
  type ViewerSanction,
} from "./sanction.ts";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const now = new Date(2026, 10, 21, 13, 0).getTime();
const at1405 = new Date(2026, 10, 21, 14, 5).toISOString();

const refusal = (extensions: Record<string, unknown>, message = "refused") =>
  new CombinedError({ graphQLErrors: [{ message, extensions }] });

const timeout: ViewerSanction = { id: "s1", kind: "TIMEOUT", reason: "spamming links", endsAt: at1405 };

describe("sanctionOf", () => {
  it("reads a FORBIDDEN refusal's sanction, reason and end", () => {
    const error = refusal({ code: "FORBIDDEN", sanction: "BAN", reason: "abuse", until: null });
    expect(sanctionOf(error)).toEqual({ id: null, kind: "BAN", reason: "abuse", endsAt: null });
    const timed = refusal({ code: "FORBIDDEN", sanction: "TIMEOUT", reason: "spam", until: at1405 });
    expect(sanctionOf(timed)?.endsAt).toBe(at1405);
  });

  it("is null for any other error", () => {
    expect(sanctionOf(undefined)).toBeNull();
    expect(sanctionOf(refusal({ code: "FORBIDDEN" }))).toBeNull();
    expect(sanctionOf(refusal({ code: "RATE_LIMITED", sanction: "BAN" }))).toBeNull();
    expect(sanctionOf(refusal({ code: "FORBIDDEN", sanction: "SOMETHING" }))).toBeNull();
  });
});

describe("inForce", () => {
  it("holds until its end, or for ever without one", () => {
    expect(inForce(timeout, now)).toBe(true);
    expect(inForce(timeout, Date.parse(at1405))).toBe(false);
    expect(inForce({ ...timeout, endsAt: null }, now + 1e12)).toBe(true);
    expect(inForce(null, now)).toBe(false);
  });
});

describe("sentences", () => {
  it("tells a muted member until when (local time) and why", () => {
    expect(mutedSentence(timeout, now)).toBe(
      `You are muted here until ${time.format(new Date(at1405))}: spamming links`,
    );
  });

  it("tells a banned member the room, why, and until when if it ends", () => {
    const ban: ViewerSanction = { id: "s2", kind: "BAN", reason: "abuse", endsAt: null };
    expect(bannedSentence(ban, "general", now)).toBe("You were banned from #general: abuse");
    expect(bannedSentence({ ...ban, endsAt: at1405 }, "general", now)).toBe(
      `You were banned from #general: abuse (until ${time.format(new Date(at1405))})`,
    );
  });

  it("words every kind of refusal", () => {
    expect(sanctionSentence({ ...timeout, kind: "BAN" }, now)).toMatch(
      /^You are banned from this room until .+: spamming links$/,
    );
    expect(sanctionSentence({ ...timeout, kind: "SUSPENSION", endsAt: null }, now)).toBe(
      "Your account is suspended: spamming links",
    );
    expect(mutedSentence({ ...timeout, reason: "" }, now)).toMatch(/^You are muted here until .+\.$/);
  });
});

describe("describeRefusal", () => {
  it("gives a sanction's reason in the app's words, not the API's UTC time", () => {
    const error = refusal(
      { code: "FORBIDDEN", sanction: "TIMEOUT", reason: "spamming links", until: at1405 },
      `You are muted in this room until ${at1405}: spamming links`,
    );
    expect(describeRefusal(error, now)).toBe(mutedSentence(timeout, now));
  });

  it("leaves any other error to describeError", () => {
    expect(describeRefusal(refusal({ code: "FORBIDDEN" }, "Join the room first."))).toBe("Join the room first.");
  });
});
