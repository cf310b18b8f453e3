// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import MessageComposer from "./MessageComposer.vue";

function composer(accept = true) {
  const sent: string[] = [];
  const wrapper = mount(MessageComposer, {
    props: {
      roomName: "general",
      send: (text: string) => {
        sent.push(text);
        return accept;
      },
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
});
