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
});
