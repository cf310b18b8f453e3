// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import MessageActions from "./MessageActions.vue";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("MessageActions", () => {
  it("brings the actions into view when they open from “more” (touch screens), not under the composer", async () => {
    // happy-dom does no layout: what matters is that the opened actions ask to be seen.
    const scrolled: (ScrollIntoViewOptions | boolean | undefined)[] = [];
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (
      this: HTMLElement,
      options?: ScrollIntoViewOptions | boolean,
    ) {
      if (this.classList.contains("actions")) scrolled.push(options);
    });
    const wrapper = mount(MessageActions, { props: { label: "09:00", editable: true }, attachTo: document.body });
    const more = wrapper.get("button.more");
    await more.trigger("click");
    expect(more.attributes("aria-expanded")).toBe("true");
    expect(wrapper.get(".actions").classes()).toContain("open");
    await vi.waitFor(() => expect(scrolled).toEqual([{ block: "nearest" }]));
    await more.trigger("click"); // closing asks for nothing
    expect(scrolled).toHaveLength(1);
    wrapper.unmount();
  });
});
