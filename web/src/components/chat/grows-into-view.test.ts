// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OutgoingMessage } from "../../chat/outgoing.ts";
import MessageEditor from "./MessageEditor.vue";
import PendingMessage from "./PendingMessage.vue";

const sending: OutgoingMessage = { clientId: "a", text: "hello", status: "sending", error: null, unreached: false };

/** What grows under the latest message is brought into view (the list's bottom is often just above it). */
describe("what grows at the bottom of the list", () => {
  afterEach(() => vi.restoreAllMocks());

  it("brings a failed send's Retry and Discard into view", async () => {
    const scrolled = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => {});
    const wrapper = mount(PendingMessage, { props: { item: sending, username: "alice" }, attachTo: document.body });
    expect(scrolled).not.toHaveBeenCalled();
    await wrapper.setProps({ item: { ...sending, status: "failed", error: "Offline." } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const retry = wrapper.get("button").element;
    expect(scrolled.mock.contexts.some((element) => (element as HTMLElement).contains(retry))).toBe(true);
    wrapper.unmount();
  });

  it("brings the whole editor, Save and Cancel too, into view", () => {
    const scrolled = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => {});
    const wrapper = mount(MessageEditor, { props: { text: "the latest" }, attachTo: document.body });
    const save = wrapper.get("button[type=submit]").element;
    expect(scrolled.mock.contexts.some((element) => (element as HTMLElement).contains(save))).toBe(true);
    expect(document.activeElement).toBe(wrapper.get("textarea").element);
    wrapper.unmount();
  });
});
