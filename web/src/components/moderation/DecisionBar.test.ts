// @vitest-environment happy-dom
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { ModerationAction } from "../../gql/graphql.ts";
import DecisionBar from "./DecisionBar.vue";

const actions = [
  { action: "APPROVE" as const, label: "Approve" },
  { action: "REJECT" as const, label: "Reject", danger: true },
];

function bar(count: number, answer: string | null = null) {
  const calls: [ModerationAction, string][] = [];
  const wrapper = mount(DecisionBar, {
    props: {
      count,
      actions,
      hint: "Select messages to approve or reject them",
      decide: async (action: ModerationAction, reason: string) => {
        calls.push([action, reason]);
        return answer;
      },
    },
  });
  return { wrapper, calls };
}

describe("DecisionBar", () => {
  it("waits for a selection", () => {
    const { wrapper } = bar(0);
    expect(wrapper.get(".count").text()).toBe("Select messages to approve or reject them");
    expect(wrapper.findAll("button").every((button) => button.attributes("disabled") !== undefined)).toBe(true);
  });

  it("decides with the reason, announces it, and clears the reason", async () => {
    const { wrapper, calls } = bar(2);
    expect(wrapper.get("label").text()).toBe("Reason, for the audit log");
    await wrapper.get("input").setValue("Abusive language");
    const reject = wrapper.findAll("button").find((button) => button.text().startsWith("Reject"));
    expect(reject?.text()).toBe("Reject 2 messages");
    await reject?.trigger("click");
    await flushPromises();
    expect(calls).toEqual([["REJECT", "Abusive language"]]);
    expect(wrapper.get("[role=status]").text()).toBe("2 messages rejected.");
    expect((wrapper.get("input").element as HTMLInputElement).value).toBe("");
  });

  it("shows a refusal in words and keeps the reason", async () => {
    const { wrapper } = bar(1, "Cannot approve: message 4 is already approved.");
    await wrapper.get("input").setValue("ok");
    await wrapper.get("button").trigger("click");
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("Cannot approve: message 4 is already approved.");
    expect((wrapper.get("input").element as HTMLInputElement).value).toBe("ok");
  });
});
