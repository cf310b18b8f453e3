// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addOutgoing, markFailed, markWaiting } from "../../chat/outgoing.ts";
import PendingMessage from "./PendingMessage.vue";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

describe("PendingMessage", () => {
  afterEach(() => vi.useRealTimers());

  it("counts down, live, to when a message refused for now goes again by itself", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const [item] = markWaiting(addOutgoing([], "c1", "hello"), "c1", "You are sending messages too fast.", 1_007_000);
    const wrapper = mount(PendingMessage, { props: { item: item!, username: "alice" } });
    const timer = () => wrapper.get("[role=timer]");
    expect(oneLine(wrapper.get(".reason").text())).toBe(
      "Not sent yet. You are sending messages too fast. It goes by itself in 00:07.",
    );
    expect(timer().attributes("aria-label")).toBe("7 seconds");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(timer().text()).toBe("00:06");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(timer().text()).toBe("00:01");
    expect(wrapper.findAll("button").map((button) => button.text())).toEqual(["Discard"]);
    await wrapper.get("button").trigger("click");
    expect(wrapper.emitted("discard")).toHaveLength(1);
  });

  it("a message refused for good says Not sent, with Retry and Discard", () => {
    const [item] = markFailed(addOutgoing([], "c1", "hello"), "c1", "Join the room first.");
    const wrapper = mount(PendingMessage, { props: { item: item!, username: "alice" } });
    expect(oneLine(wrapper.get("[role=alert] .reason").text())).toBe("Not sent. Join the room first.");
    expect(wrapper.findAll("button").map((button) => button.text())).toEqual(["Retry", "Discard"]);
  });
});
