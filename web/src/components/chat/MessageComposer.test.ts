// @vitest-environment happy-dom
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { ComposerState } from "../../chat/restrictions.ts";
import MessageComposer from "./MessageComposer.vue";

function composer(accept = true, state?: ComposerState) {
  const sent: string[] = [];
  const wrapper = mount(MessageComposer, {
    props: {
      roomName: "general",
      send: (text: string) => {
        sent.push(text);
        return accept;
      },
      ...(state ? { state } : {}),
    },
    attachTo: document.body,
  });
  return { wrapper, sent, field: wrapper.get("textarea") };
}

describe("MessageComposer", () => {
  it("is labelled with the room", () => {
    const { wrapper, field } = composer();
    const label = wrapper.get(`label[for="${field.attributes("id")}"]`);
    expect(label.text()).toBe("Message #general");
    wrapper.unmount();
  });

  it("sends on Enter and clears; Shift+Enter does not send", async () => {
    const { wrapper, sent, field } = composer();
    await field.setValue("line one");
    await field.trigger("keydown", { key: "Enter", shiftKey: true });
    expect(sent).toEqual([]);
    await field.setValue("line one\nline two");
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual(["line one\nline two"]);
    expect((field.element as HTMLTextAreaElement).value).toBe("");
    wrapper.unmount();
  });

  it("keeps the text when the send is refused, and never sends blank text", async () => {
    const { wrapper, sent, field } = composer(false);
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual([]);
    await field.setValue("hello");
    await wrapper.get("form").trigger("submit");
    expect(sent).toEqual(["hello"]);
    expect((field.element as HTMLTextAreaElement).value).toBe("hello");
    wrapper.unmount();
  });

  it("shows a counter near the 2,000 limit, and blocks sending over it", async () => {
    const { wrapper, sent, field } = composer();
    await field.setValue("x".repeat(100));
    expect(wrapper.get(".counter").text()).toBe("");
    await field.setValue("x".repeat(1_990));
    expect(wrapper.get(".counter").text()).toBe("10 characters left");
    await field.setValue("x".repeat(2_005));
    expect(wrapper.get(".counter").text()).toBe("5 characters over the 2,000 limit");
    expect(wrapper.get("button[type=submit]").attributes("disabled")).toBeDefined();
    expect(field.attributes("aria-invalid")).toBe("true");
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual([]);
    wrapper.unmount();
  });

  it("while muted: disabled, says why and for how long, and keeps the draft", async () => {
    const { wrapper, sent, field } = composer();
    await field.setValue("half-written");
    await wrapper.setProps({
      state: {
        kind: "muted",
        sentence: "You are muted here until 14:05: spamming links",
        countdown: "04:59",
        spoken: "4 minutes 59 seconds",
      },
    });
    expect(field.attributes("disabled")).toBeDefined();
    expect(wrapper.get("button[type=submit]").attributes("disabled")).toBeDefined();
    expect(wrapper.get(".muted-notice .sentence").text()).toBe("You are muted here until 14:05: spamming links");
    const timer = wrapper.get("[role=timer]");
    expect(timer.text()).toBe("04:59 left");
    expect(timer.attributes("aria-label")).toBe("4 minutes 59 seconds left");
    // Screen readers hear why once, and the field points at it.
    expect(wrapper.findAll("[aria-live=polite]").map((each) => each.text())).toContain(
      "You are muted here until 14:05: spamming links",
    );
    const why = wrapper.get(".muted-notice").attributes("id");
    expect(field.attributes("aria-describedby")?.split(" ")).toContain(why);
    await wrapper.get("form").trigger("submit");
    expect(sent).toEqual([]);
    // The timeout ends: open again, with the draft still there.
    await wrapper.setProps({ state: { kind: "open", slowMode: null } });
    expect(field.attributes("disabled")).toBeUndefined();
    expect((field.element as HTMLTextAreaElement).value).toBe("half-written");
    expect(wrapper.findAll("[aria-live=polite]").map((each) => each.text())).toContain(
      "You can send messages here again.",
    );
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual(["half-written"]);
    wrapper.unmount();
  });

  it("in slow mode: says so, and between turns counts down while writing goes on", async () => {
    const slowMode = "Slow mode: one message every 30 s";
    const { wrapper, sent, field } = composer(true, { kind: "open", slowMode });
    expect(wrapper.get(".slow").text()).toBe(slowMode);
    await wrapper.setProps({ state: { kind: "waiting", slowMode, countdown: "00:29", spoken: "29 seconds" } });
    await field.setValue("next one");
    expect(field.attributes("disabled")).toBeUndefined(); // writing goes on
    expect(wrapper.get("button[type=submit]").attributes("disabled")).toBeDefined();
    expect(wrapper.get(".slow [role=timer]").text()).toBe("Send again in 00:29");
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual([]);
    expect((field.element as HTMLTextAreaElement).value).toBe("next one");
    await wrapper.setProps({ state: { kind: "open", slowMode } });
    await field.trigger("keydown", { key: "Enter" });
    expect(sent).toEqual(["next one"]);
    wrapper.unmount();
  });

  it("takes a refused message back as the draft, unless another is being written", async () => {
    const { wrapper, field } = composer();
    const restore = (wrapper.vm as unknown as { restore(text: string): boolean }).restore;
    expect(restore("came back")).toBe(true);
    await flushPromises();
    expect((field.element as HTMLTextAreaElement).value).toBe("came back");
    expect(restore("another")).toBe(false);
    expect((field.element as HTMLTextAreaElement).value).toBe("came back");
    wrapper.unmount();
  });
});
