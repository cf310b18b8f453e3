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
    expect(queueItem({ reportCount: 0, reports: [] }).find(".report-reasons").exists()).toBe(false);
  });

  it("shows moderators the plain reasons, the classifier's scores in words with a bar, and the evidence", () => {
    const wrapper = queueItem({
      moderationReason: "Flagged for review: an attack on people for who they are.",
      moderationDetails: {
        reasons: ["an attack on people for who they are"],
        evidence: ['"dyke": slur, severe', "classifier: identity_attack 0.91 (flags at 0.7)"],
        modelVersion: "tfidf-2026.12",
        categoryScores: [
          { category: "IDENTITY_ATTACK", score: 0.912 },
          { category: "TOXICITY", score: 0.48 },
          { category: "THREAT", score: 0.02 },
        ],
      },
    });
    expect(wrapper.get(".why").text()).toBe("An attack on people for who they are.");
    const scores = wrapper.get("ul.readings");
    const label = wrapper.get(`#${scores.attributes("aria-labelledby")}`);
    expect(label.text()).toBe("Classifier scores (model tfidf-2026.12)");
    const rows = scores.findAll("li");
    expect(rows.map((row) => row.text())).toEqual(["identity attack 0.91", "hostile language 0.48"]);
    expect(rows[0]?.get(".bar").attributes("aria-hidden")).toBe("true");
    expect(rows[0]?.get(".bar span").attributes("style")).toContain("width: 91.2%");
    const evidence = wrapper.get("ul.evidence");
    expect(wrapper.get(`#${evidence.attributes("aria-labelledby")}`).text()).toBe("What the verdict rests on");
    expect(evidence.findAll("li").map((row) => row.text())).toEqual([
      '"dyke": slur, severe',
      "classifier: identity_attack 0.91 (flags at 0.7)",
    ]);
  });

  it("shows no scores or evidence where the verdict has none (before the classifier, or held after reports)", () => {
    const held = queueItem({
      heldForReview: true,
      moderationStatus: "APPROVED",
      moderationReason: "Held for review after reports.",
      moderationDetails: { reasons: [], evidence: [], modelVersion: null, categoryScores: [] },
    });
    expect(held.get(".why").text()).toBe("Held for review after reports.");
    expect(held.find(".verdict").exists()).toBe(false);
  });
});

describe("QueueItem: who decided, and its own buttons", () => {
  const mountItem = (props: Partial<InstanceType<typeof QueueItem>["$props"]>, overrides: Partial<ReviewMessage>) =>
    mount(QueueItem, {
      attachTo: document.body,
      props: { message: reviewMessage(1, overrides), roomName: "lobby", selected: false, ...props },
    });
  const pill = (wrapper: ReturnType<typeof mountItem>) => wrapper.get(".marks .pill");

  it("shows the automatic moderator's verdict as such, not as a moderator's decision", () => {
    const reported = { moderationStatus: "APPROVED" as const, reportCount: 1, moderationReason: null };
    const automatic = mountItem({ decidedBy: { moderator: null } }, reported);
    expect(pill(automatic).text()).toMatch(/^Auto-approved/);
    expect(pill(automatic).classes()).toContain("automatic");
    expect(pill(automatic).attributes("title")).toBe("the automatic moderator's verdict, not a moderator's decision");
    const human = mountItem({ decidedBy: { moderator: { id: "u-bob", username: "bob" } } }, reported);
    expect(pill(human).text()).toBe("Approved by bob");
    expect(pill(human).classes()).not.toContain("automatic");
    expect(pill(mountItem({}, {})).text()).toMatch(/^Auto-flagged/);
  });

  it("approves at once; rejects only through its confirmation", async () => {
    const wrapper = mountItem({}, {});
    const buttons = wrapper.findAll(".row-actions button");
    expect(buttons.map((button) => button.text())).toEqual([
      "Approve the message from alice",
      "Reject the message from alice",
    ]);
    await buttons[0]?.trigger("click");
    await buttons[1]?.trigger("click");
    expect(wrapper.emitted("decide")).toEqual([["APPROVE"]]);
    expect(wrapper.emitted("askReject")).toHaveLength(1);

    await wrapper.setProps({ confirming: true });
    const step = wrapper.get(".row-actions [role=group]");
    expect(step.text()).toContain("Reject this message? Only its author will still see it.");
    expect(document.activeElement?.textContent?.trim()).toBe("Yes, reject");
    await step.findAll("button")[0]?.trigger("click");
    expect(wrapper.emitted("decide")).toEqual([["APPROVE"], ["REJECT"]]);
    wrapper.unmount();
  });

  it("is the row Tab reaches only when it is the keyboard's current row", async () => {
    const wrapper = mountItem({ current: false }, {});
    expect(wrapper.get("li").attributes("tabindex")).toBe("-1");
    await wrapper.setProps({ current: true });
    expect(wrapper.get("li").attributes("tabindex")).toBe("0");
    wrapper.unmount();
  });
});
