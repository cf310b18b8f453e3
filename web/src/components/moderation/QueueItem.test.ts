// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { shortDate } from "../../chat/format.ts";
import type { ReviewMessage } from "../../moderation/queue.ts";
import { reviewMessage } from "../../testing/fixtures.ts";
import QueueItem from "./QueueItem.vue";

const queueItem = (overrides: Partial<ReviewMessage>) =>
  mount(QueueItem, { props: { message: reviewMessage(1, overrides), roomName: "lobby", selected: false } });

describe("QueueItem", () => {
  it("lists why members reported the message, quoted, each with its time", () => {
    const wrapper = queueItem({
      reportCount: 2,
      reports: [
        { reason: "Rude to everyone", createdAt: "2026-11-21T10:00:00Z" },
        { reason: "Spam", createdAt: "2026-11-21T10:05:00Z" },
      ],
    });
    expect(wrapper.get(".reports").text()).toBe("2 reports");
    const list = wrapper.get("ul[aria-label='Why members reported it']");
    const rows = list.findAll("li");
    expect(rows.map((row) => row.get("q").text())).toEqual(["Rude to everyone", "Spam"]);
    expect(rows.map((row) => row.get("time").attributes("datetime"))).toEqual([
      "2026-11-21T10:00:00Z",
      "2026-11-21T10:05:00Z",
    ]);
    expect(rows[0]?.get("time").text()).toBe(shortDate("2026-11-21T10:00:00Z"));
  });

  it("counts the reports the API did not list, and lists nothing when there are none", () => {
    const reports = Array.from({ length: 20 }, (_, i) => ({ reason: `r${i}`, createdAt: "2026-11-21T10:00:00Z" }));
    const many = queueItem({ reportCount: 23, reports });
    expect(many.findAll(".report-reasons li").at(-1)?.text()).toBe("and 3 more reports");
    expect(many.findAll(".report-reasons q")).toHaveLength(20);
    expect(queueItem({ reportCount: 0, reports: [] }).find("ul").exists()).toBe(false);
  });
});
