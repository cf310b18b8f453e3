// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { transportKey } from "../../graphql/client.ts";
import type { ReviewMessage } from "../../moderation/queue.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { reviewMessage } from "../../testing/fixtures.ts";
import QueuePanel from "./QueuePanel.vue";

const page = (items: ReviewMessage[]) => ({
  data: {
    moderationQueue: { edges: items.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } },
  },
});
const unreachable = { error: new CombinedError({ networkError: new Error("Failed to fetch") }) };

function mountQueue(fake: FakeTransport) {
  return mount(QueuePanel, {
    props: { roomId: null, roomName: () => "lobby", status: "FLAGGED" },
    global: { provide: { [transportKey]: fake.transport } },
  });
}

describe("QueuePanel", () => {
  it("says nothing of an empty queue when the queue could not be loaded: only the error, until it reloads", async () => {
    let answer: object = unreachable;
    const wrapper = mountQueue(new FakeTransport(() => answer));
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("Can't reach the server. Check your connection and try again.");
    expect(wrapper.text()).not.toContain("All clear");
    expect(wrapper.text()).not.toContain("to review");

    answer = page([reviewMessage(1)]);
    await wrapper.setProps({ status: "REPORTED" }); // any reload
    await flushPromises();
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    expect(wrapper.text()).toContain("1 to review");
    expect(wrapper.findAll("li.item")).toHaveLength(1);
    wrapper.unmount();
  });

  it("still says so when the queue is loaded and empty", async () => {
    const wrapper = mountQueue(new FakeTransport(() => page([])));
    await flushPromises();
    expect(wrapper.text()).toContain("All clear");
    expect(wrapper.text()).toContain("0 to review");
    wrapper.unmount();
  });
});
