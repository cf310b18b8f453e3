// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import ConnectionStatus from "./ConnectionStatus.vue";

describe("ConnectionStatus", () => {
  it.each([
    ["live", "Live"],
    ["reconnecting", "Reconnecting…"],
    ["offline", "Offline"],
    ["loading", "Connecting…"],
    ["error", "Not connected"],
  ] as const)("says %s in words, as a polite status", (state, label) => {
    const wrapper = mount(ConnectionStatus, { props: { state } });
    const status = wrapper.get("[role=status]");
    expect(status.text()).toBe(`Connection: ${label}`);
    expect(status.classes()).toContain(`is-${state}`);
  });

  it("names what is connected, and stays quiet where asked (the moderators' feed has a log of its own)", () => {
    const wrapper = mount(ConnectionStatus, {
      props: { state: "connecting", subject: "Live updates", announce: false, compact: true },
    });
    expect(wrapper.find("[role=status]").exists()).toBe(false);
    expect(wrapper.text()).toBe("Live updates: Connecting…");
    expect(wrapper.attributes("title")).toBe("Live updates: Connecting…");
    expect(wrapper.classes()).toEqual(expect.arrayContaining(["is-connecting", "compact"]));
  });
});
