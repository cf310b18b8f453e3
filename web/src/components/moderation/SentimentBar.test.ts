// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { RoomFigures } from "../../moderation/stats.ts";
import SentimentBar from "./SentimentBar.vue";

const figures = (positive: number, neutral: number, negative: number): RoomFigures => ({
  messagesTotal: positive + neutral + negative,
  messagesLast24h: 0,
  messagesLast7d: 0,
  pending: 0,
  flagged: 0,
  rejected: 0,
  heldForReview: 0,
  activeUsersLast24h: 0,
  activeUsersLast7d: 0,
  sentimentPositive: positive,
  sentimentNeutral: neutral,
  sentimentNegative: negative,
});
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

describe("SentimentBar", () => {
  it("is a named figure whose bar has a text alternative with every share's percentage and count", () => {
    const wrapper = mount(SentimentBar, { props: { figures: figures(5, 3, 2), label: "Sentiment in #lobby" } });
    expect(wrapper.get("figure").attributes("aria-label")).toBe("Sentiment in #lobby");
    const bar = wrapper.get("[role=img]");
    expect(bar.attributes("aria-label")).toBe(
      "Sentiment in #lobby: 50% positive (5 messages), 30% neutral (3 messages), 20% negative (2 messages)",
    );
    expect(wrapper.findAll(".part").map((part) => part.attributes("title"))).toEqual([
      "Positive: 50% (5 messages)",
      "Neutral: 30% (3 messages)",
      "Negative: 20% (2 messages)",
    ]);
  });

  it("shows a legend, in the table too: positive, neutral and negative with percentages and counts", () => {
    const wrapper = mount(SentimentBar, { props: { figures: figures(1, 0, 1), compact: true } });
    const legend = wrapper.get(".legend");
    expect(legend.isVisible()).toBe(true);
    expect(legend.findAll("li").map((item) => oneLine(item.text()))).toEqual([
      "Positive 50% (1)",
      "Neutral 0% (0)",
      "Negative 50% (1)",
    ]);
    expect(wrapper.get("[role=img]").attributes("aria-label")).toBe(
      "Sentiment: 50% positive (1 message), 0% neutral (0 messages), 50% negative (1 message)",
    );
  });

  it("says so when nothing was scored", () => {
    const wrapper = mount(SentimentBar, { props: { figures: figures(0, 0, 0) } });
    expect(wrapper.get("[role=img]").attributes("aria-label")).toBe("Sentiment: no messages scored yet");
    expect(wrapper.findAll(".legend li")).toHaveLength(3);
  });
});
