import { describe, expect, it } from "vitest";
import type { ModerationStatus } from "../gql/graphql.ts";
import { moderationEvent, reviewMessage } from "../testing/fixtures.ts";
import { decisionReason, describeEvent, FEED_LENGTH, pushFeed } from "./feed.ts";
import { roleChange } from "./roles.ts";
import { needsReview, sentimentShares } from "./stats.ts";

const at = "2026-11-21T10:00:00Z";

describe("live feed", () => {
  const anna = { id: "u-anna", username: "mod_anna" };
  const decided = (fromStatus: ModerationStatus, toStatus: ModerationStatus, reason = "") =>
    moderationEvent("DECISION", reviewMessage(1, { moderationStatus: toStatus }), {
      moderator: anna,
      decision: { id: "d1", createdAt: at, fromStatus, toStatus, reason },
    });

  it("says what happened in a sentence", () => {
    expect(describeEvent(moderationEvent("FLAGGED", reviewMessage(1)), "lobby")).toBe(
      "alice's message in #lobby was flagged",
    );
    expect(describeEvent(moderationEvent("FLAGGED", reviewMessage(1, { moderationStatus: "REJECTED" })), null)).toBe(
      "alice's message was removed automatically",
    );
    expect(describeEvent(moderationEvent("REPORTED", reviewMessage(1, { reportCount: 2 })), "lobby")).toBe(
      "alice's message in #lobby was reported (2 reports)",
    );
  });

  it("names who decided and what: approved, rejected, restored", () => {
    expect(describeEvent(decided("FLAGGED", "APPROVED"), "lobby")).toBe("mod_anna approved alice's message in #lobby");
    expect(describeEvent(decided("PENDING", "REJECTED"), null)).toBe("mod_anna rejected alice's message");
    expect(describeEvent(decided("REJECTED", "APPROVED"), "lobby")).toBe("mod_anna restored alice's message in #lobby");
    expect(describeEvent(decided("APPROVED", "FLAGGED"), "lobby")).toBe(
      "mod_anna set alice's message in #lobby to flagged",
    );
  });

  it("says You for the viewer's own decisions", () => {
    expect(describeEvent(decided("FLAGGED", "REJECTED"), "lobby", anna.id)).toBe(
      "You rejected alice's message in #lobby",
    );
    expect(describeEvent(decided("FLAGGED", "REJECTED"), "lobby", "u-someone-else")).toBe(
      "mod_anna rejected alice's message in #lobby",
    );
  });

  it("gives the decision's reason, when there is one", () => {
    expect(decisionReason(decided("FLAGGED", "APPROVED", "  fine "))).toBe("fine");
    expect(decisionReason(decided("FLAGGED", "APPROVED", " "))).toBeNull();
    expect(decisionReason(moderationEvent("REPORTED", reviewMessage(1)))).toBeNull();
  });

  it("falls back to the message's status when a decision comes without its audit row", () => {
    const bare = moderationEvent("DECISION", reviewMessage(1, { moderationStatus: "APPROVED" }));
    expect(describeEvent(bare, "lobby")).toBe("alice's message in #lobby is now approved");
  });

  it("keeps the newest entries on top", () => {
    let feed = pushFeed([], moderationEvent("FLAGGED", reviewMessage(1)));
    for (let i = 2; i <= FEED_LENGTH + 5; i++) feed = pushFeed(feed, moderationEvent("FLAGGED", reviewMessage(i)));
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
