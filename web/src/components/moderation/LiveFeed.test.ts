// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { type FeedEntry, pushFeed } from "../../moderation/feed.ts";
import { moderationEvent, reviewMessage } from "../../testing/fixtures.ts";
import LiveFeed from "./LiveFeed.vue";

const ANNA = { id: "u-anna", username: "mod_anna" };
const at = "2026-11-21T10:00:00Z";

function feed(...events: Parameters<typeof pushFeed>[1][]): FeedEntry[] {
  return events.reduce<FeedEntry[]>((entries, event) => pushFeed(entries, event), []);
}

function mountFeed(entries: FeedEntry[], viewerId: string | null = null) {
  return mount(LiveFeed, {
    props: { entries, state: "live", roomName: () => "lobby", viewerId },
  });
}

/** What a screen reader reads of an entry: its text, hidden words included, spaces collapsed. */
const spoken = (text: string) => text.replace(/\s+/g, " ").trim();

describe("LiveFeed", () => {
  const approved = moderationEvent("DECISION", reviewMessage(1, { moderationStatus: "APPROVED" }), {
    moderator: ANNA,
    decision: { id: "d1", createdAt: at, fromStatus: "FLAGGED", toStatus: "APPROVED", reason: "fine" },
  });

  it("keeps its entries a list inside the log (an <ol role=log> orphans its <li> items)", () => {
    const log = mountFeed(feed(approved)).get("[role=log]");
    const list = log.get("ol");
    expect(list.attributes("role")).toBeUndefined();
    expect(list.findAll(":scope > li")).toHaveLength(1);
  });

  it("shows who decided, to what and why, as text in the live log", () => {
    const wrapper = mountFeed(feed(approved));
    const entry = wrapper.get("[role=log] li");
    expect(spoken(entry.get(".sentence").text())).toBe("mod_anna approved alice's message in #lobby. Reason: “fine”");
    expect(entry.get(".reason").text()).toBe("“fine”");
    expect(entry.get(".reason").attributes("aria-hidden")).toBeUndefined();
    expect(spoken(entry.text())).toMatch(/^Decision: mod_anna approved alice's message in #lobby\. Reason: “fine”/);
    expect(entry.get(".kind").classes()).not.toContain("is-rejection");
  });

  it("marks rejections, says You for the viewer's own, and shows no reason when none was given", () => {
    const rejected = moderationEvent("DECISION", reviewMessage(2, { moderationStatus: "REJECTED" }), {
      moderator: ANNA,
      decision: { id: "d2", createdAt: at, fromStatus: "FLAGGED", toStatus: "REJECTED", reason: "" },
    });
    const entry = mountFeed(feed(rejected), ANNA.id).get("[role=log] li");
    expect(spoken(entry.get(".sentence").text())).toBe("You rejected alice's message in #lobby");
    expect(entry.find(".reason").exists()).toBe(false);
    expect(entry.get(".kind").classes()).toContain("is-rejection");
  });

  it("names nobody for flags and reports", () => {
    const wrapper = mountFeed(
      feed(
        moderationEvent("FLAGGED", reviewMessage(3)),
        moderationEvent("REPORTED", reviewMessage(4, { reportCount: 1 })),
      ),
    );
    expect(wrapper.findAll("[role=log] .sentence").map((sentence) => spoken(sentence.text()))).toEqual([
      "alice's message in #lobby was reported (1 report)",
      "alice's message in #lobby was flagged",
    ]);
  });

  it("shows a bulk decision as one entry, with its messages on demand", async () => {
    const rejected = (n: number, id: string) =>
      moderationEvent("DECISION", reviewMessage(n, { moderationStatus: "REJECTED", text: `spam ${n}` }), {
        moderator: ANNA,
        decision: { id, createdAt: at, fromStatus: "FLAGGED", toStatus: "REJECTED", reason: "spam" },
      });
    const wrapper = mountFeed(feed(rejected(1, "d1"), rejected(2, "d3"), rejected(3, "d2")));
    const entries = wrapper.findAll("[role=log] > ol > li");
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(spoken(entry.get(".sentence").text())).toBe("mod_anna rejected 3 messages in #lobby. Reason: “spam”");
    const toggle = entry.get("button");
    expect(toggle.text()).toBe("Show the 3 messages");
    expect(toggle.attributes("aria-expanded")).toBe("false");
    const list = entry.get(`[id="${toggle.attributes("aria-controls")}"]`);
    expect(list.attributes("style")).toContain("display: none");
    await toggle.trigger("click");
    expect(toggle.attributes("aria-expanded")).toBe("true");
    expect(toggle.text()).toBe("Hide the messages");
    expect(list.attributes("style") ?? "").not.toContain("display: none");
    expect(list.findAll("li").map((item) => spoken(item.text()))).toEqual([
      "alice's message: spam 2",
      "alice's message: spam 3",
      "alice's message: spam 1",
    ]);
  });
});
