import { describe, expect, it } from "vitest";
import { reviewMessage } from "../testing/fixtures.ts";
import { describeEvent, FEED_LENGTH, pushFeed } from "./feed.ts";
import { roleChange } from "./roles.ts";
import { needsReview, sentimentShares } from "./stats.ts";

const at = "2026-11-21T10:00:00Z";

describe("live feed", () => {
  it("says what happened in a sentence", () => {
    expect(describeEvent({ kind: "FLAGGED", at, message: reviewMessage(1) }, "lobby")).toBe(
      "alice's message in #lobby was flagged",
    );
    expect(
      describeEvent({ kind: "FLAGGED", at, message: reviewMessage(1, { moderationStatus: "REJECTED" }) }, null),
    ).toBe("alice's message was removed automatically");
    expect(describeEvent({ kind: "REPORTED", at, message: reviewMessage(1, { reportCount: 2 }) }, "lobby")).toBe(
      "alice's message in #lobby was reported (2 reports)",
    );
    expect(
      describeEvent({ kind: "DECISION", at, message: reviewMessage(1, { moderationStatus: "APPROVED" }) }, "lobby"),
    ).toBe("alice's message in #lobby is now approved");
  });

  it("keeps the newest entries on top", () => {
    let feed = pushFeed([], { kind: "FLAGGED", at, message: reviewMessage(1) });
    for (let i = 2; i <= FEED_LENGTH + 5; i++)
      feed = pushFeed(feed, { kind: "FLAGGED", at, message: reviewMessage(i) });
    expect(feed).toHaveLength(FEED_LENGTH);
    expect(feed[0]?.event.message.id).toBe(`m${FEED_LENGTH + 5}`);
    expect(new Set(feed.map((entry) => entry.id)).size).toBe(FEED_LENGTH);
  });
});

describe("room statistics", () => {
  const figures = {
    messagesTotal: 3,
    messagesLast24h: 3,
    messagesLast7d: 3,
    pending: 1,
    flagged: 2,
    rejected: 0,
    heldForReview: 1,
    activeUsersLast24h: 2,
    activeUsersLast7d: 2,
    sentimentPositive: 1,
    sentimentNeutral: 1,
    sentimentNegative: 1,
  };

  it("splits sentiment into whole percentages that add up to 100", () => {
    const shares = sentimentShares(figures);
    expect(shares.map((share) => share.percent)).toEqual([34, 33, 33]);
    expect(
      sentimentShares({ ...figures, sentimentPositive: 0, sentimentNeutral: 0, sentimentNegative: 0 }).map(
        (s) => s.percent,
      ),
    ).toEqual([0, 0, 0]);
    expect(needsReview(figures)).toBe(4);
  });
});

describe("roles", () => {
  const admin = { id: "u-admin", role: "ADMIN" as const };
  const person = (role: "MEMBER" | "MODERATOR" | "ADMIN", id = "u1") => ({ id, username: "x", role, createdAt: at });

  it("lets admins promote members and demote moderators, never change an admin", () => {
    expect(roleChange(person("MEMBER"), admin)).toEqual({ role: "MODERATOR", label: "Make moderator" });
    expect(roleChange(person("MODERATOR"), admin)).toEqual({ role: "MEMBER", label: "Remove moderator" });
    expect(roleChange(person("ADMIN", "u2"), admin)).toBeNull();
    expect(roleChange(person("ADMIN", "u-admin"), admin)).toBeNull();
    expect(roleChange(person("MEMBER"), { id: "u3", role: "MODERATOR" })).toBeNull();
  });
});
