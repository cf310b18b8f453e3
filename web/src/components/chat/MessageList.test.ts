// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../chat/outgoing.ts";
import { BOB, message } from "../../testing/fixtures.ts";
import { mountMessageList } from "../../testing/message-list.ts";

/** happy-dom does no layout: give the scroller the geometry of a list scrolled away from its bottom. */
function scrollUp(wrapper: ReturnType<typeof mountMessageList>): Promise<void> {
  const scroller = wrapper.get(".scroller");
  const el = scroller.element as HTMLElement;
  Object.defineProperty(el, "scrollHeight", { configurable: true, value: 2_000 });
  Object.defineProperty(el, "clientHeight", { configurable: true, value: 400 });
  el.scrollTop = 500;
  return scroller.trigger("scroll");
}

describe("MessageList", () => {
  it("shows messages in order in a labelled, focusable region, and the start of the room", () => {
    const wrapper = mountMessageList([message(1), message(2, { author: BOB }), message(3)]);
    const region = wrapper.get("section[aria-label=Messages]");
    expect(region.attributes("tabindex")).toBe("0");
    expect(wrapper.findAll("li.message").map((li) => li.attributes("data-seq"))).toEqual(["1", "2", "3"]);
    expect(wrapper.text()).toContain("This is the start of the room.");
    wrapper.unmount();
  });

  it("leaves out messages the API says this viewer may not see (HIDDEN)", () => {
    const hidden = message(2, { author: BOB, visibility: "HIDDEN", text: null, moderationStatus: "REJECTED" });
    const wrapper = mountMessageList([message(1), hidden, message(3)]);
    expect(wrapper.findAll("li.message").map((li) => li.attributes("data-seq"))).toEqual(["1", "3"]);
    wrapper.unmount();
  });

  it("groups consecutive messages of one author under one name", () => {
    const wrapper = mountMessageList([message(1), message(2), message(3, { author: BOB })]);
    expect(wrapper.findAll("li.message").map((li) => li.classes().includes("grouped"))).toEqual([false, true, false]);
    wrapper.unmount();
  });

  it("shows sending and failed messages after the room's, with retry and discard", async () => {
    const pending: OutgoingMessage[] = [
      { clientId: "a", text: "on its way", status: "sending", error: null, unreached: false },
      { clientId: "b", text: "refused", status: "failed", error: "Join the room first.", unreached: false },
    ];
    const wrapper = mountMessageList([message(1)], { pending });
    expect(wrapper.findAll("li.pending").map((li) => li.text())).toEqual([
      expect.stringContaining("Sending…"),
      expect.stringContaining("Not sent. Join the room first."),
    ]);
    await wrapper.get("li.is-failed button").trigger("click");
    await wrapper.findAll("li.is-failed button").at(1)?.trigger("click");
    expect(wrapper.emitted("retry")).toEqual([["b"]]);
    expect(wrapper.emitted("discard")).toEqual([["b"]]);
    wrapper.unmount();
  });

  it("offers older messages and asks for them", async () => {
    const wrapper = mountMessageList([message(5)], { hasOlder: true });
    await wrapper.get(".older button").trigger("click");
    expect(wrapper.emitted("loadOlder")).toHaveLength(1);
    await wrapper.setProps({ loadingOlder: true });
    expect(wrapper.get(".older button").text()).toBe("Loading…");
    wrapper.unmount();
  });

  it("marks new messages from others while the reader is scrolled up", async () => {
    const wrapper = mountMessageList([message(1), message(2)]);
    await scrollUp(wrapper);
    await wrapper.setProps({ messages: [message(1), message(2), message(3, { author: BOB })] });
    expect(wrapper.get(".jump").text()).toContain("1 new message");
    expect(wrapper.get(".divider").text()).toBe("New messages");
    await wrapper.setProps({
      messages: [message(1), message(2), message(3, { author: BOB }), message(4, { author: BOB })],
    });
    expect(wrapper.get(".jump").text()).toContain("2 new messages");
    await wrapper.get(".jump").trigger("click");
    expect(wrapper.find(".jump").exists()).toBe(false);
    wrapper.unmount();
  });

  it("does not mark messages while the reader is at the bottom", async () => {
    const wrapper = mountMessageList([message(1)]);
    await wrapper.setProps({ messages: [message(1), message(2, { author: BOB })] });
    expect(wrapper.find(".jump").exists()).toBe(false);
    expect(wrapper.find(".divider").exists()).toBe(false);
    wrapper.unmount();
  });
  it("pulls to the bottom for messages sent from this tab only: the viewer's own from elsewhere count as new", async () => {
    const wrapper = mountMessageList([message(1, { author: BOB })]);
    await scrollUp(wrapper);
    // Alice (the viewer) wrote from her phone: the reader here stays where they were reading.
    await wrapper.setProps({ messages: [message(1, { author: BOB }), message(2, { clientId: "from-phone" })] });
    expect(wrapper.get(".jump").text()).toContain("1 new message");
    // Sent from here (the outbox knew its clientId): shown, wherever the reader was.
    const sending: OutgoingMessage = { clientId: "here", text: "hi", status: "sending", error: null, unreached: false };
    await wrapper.setProps({ pending: [sending] });
    await scrollUp(wrapper);
    await wrapper.setProps({
      pending: [],
      messages: [message(1, { author: BOB }), message(2, { clientId: "from-phone" }), message(3, { clientId: "here" })],
    });
    expect(wrapper.find(".jump").exists()).toBe(false);
    wrapper.unmount();
  });

  it("keeps the New messages divider after jumping to the latest, until newer ones arrive unseen", async () => {
    const bob = (seq: number) => message(seq, { author: BOB });
    const wrapper = mountMessageList([message(1)]);
    await scrollUp(wrapper);
    await wrapper.setProps({ messages: [message(1), bob(2), bob(3)] });
    await wrapper.get(".jump").trigger("click");
    expect(wrapper.find(".jump").exists()).toBe(false);
    expect(wrapper.get(".divider + li.message").attributes("data-seq")).toBe("2");
    // The reader read past it, scrolled up again, and more came: the divider moves to the first of those.
    await scrollUp(wrapper);
    await wrapper.setProps({ messages: [message(1), bob(2), bob(3), bob(4)] });
    expect(wrapper.findAll(".divider")).toHaveLength(1);
    expect(wrapper.get(".divider + li.message").attributes("data-seq")).toBe("4");
    wrapper.unmount();
  });

  it("makes messages focusable but not Tab stops: the list is one", () => {
    const wrapper = mountMessageList([message(1), message(2, { author: BOB })]);
    expect(wrapper.findAll("li.message").map((li) => li.attributes("tabindex"))).toEqual(["-1", "-1"]);
    wrapper.unmount();
  });

  it("asks about one deletion at a time: opening a second confirmation closes the first", async () => {
    const wrapper = mountMessageList([message(1), message(2)]);
    const deleteButtons = () =>
      wrapper.findAll("button").filter((each) => each.text().startsWith("Delete your message"));
    await deleteButtons()[0]?.trigger("click");
    expect(wrapper.findAll("[role=group]")).toHaveLength(1);
    // The remaining "Delete your message" button is the second message's.
    await deleteButtons()[0]?.trigger("click");
    const open = wrapper.findAll("[role=group]");
    expect(open).toHaveLength(1);
    expect(open[0]?.element.closest("li")?.getAttribute("data-seq")).toBe("2");
    wrapper.unmount();
  });
});
