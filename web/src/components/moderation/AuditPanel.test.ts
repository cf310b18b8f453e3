// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { transportKey } from "../../graphql/client.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import AuditPanel from "./AuditPanel.vue";

const empty = {
  data: { moderationDecisions: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } },
};
const unreachable = { error: new CombinedError({ networkError: new Error("Failed to fetch") }) };

function mountAudit(fake: FakeTransport) {
  return mount(AuditPanel, {
    props: { roomId: null, roomName: () => "lobby" },
    global: { provide: { [transportKey]: fake.transport } },
  });
}

describe("AuditPanel", () => {
  it("says nothing of an empty log when the log could not be loaded: only the error, until it reloads", async () => {
    let answer: object = unreachable;
    const wrapper = mountAudit(new FakeTransport(() => answer));
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("Can't reach the server. Check your connection and try again.");
    expect(wrapper.text()).not.toContain("No decisions yet.");

    answer = empty;
    await wrapper.setProps({ roomId: "r1" }); // any reload
    await flushPromises();
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    expect(wrapper.text()).toContain("No decisions yet.");
    wrapper.unmount();
  });
});
