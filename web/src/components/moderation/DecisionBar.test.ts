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
    attachTo: document.body,
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

const button = (wrapper: ReturnType<typeof bar>["wrapper"], text: string) => {
  const found = wrapper.findAll("button").find((each) => each.text() === text);
  if (!found) throw new Error(`no button "${text}" in ${wrapper.html()}`);
  return found;
};

describe("DecisionBar", () => {
  it("waits for a selection", () => {
    const { wrapper } = bar(0);
    expect(wrapper.get(".count").text()).toBe("Select messages to approve or reject them");
    expect(wrapper.findAll("button").every((each) => each.attributes("disabled") !== undefined)).toBe(true);
    wrapper.unmount();
  });

  it("approves at once, with the reason, and clears the reason", async () => {
    const { wrapper, calls } = bar(2);
    expect(wrapper.get("label").text()).toBe("Reason, for the audit log");
    await wrapper.get("input").setValue("Fine");
    await button(wrapper, "Approve 2 messages").trigger("click");
    await flushPromises();
    expect(calls).toEqual([["APPROVE", "Fine"]]);
    expect(wrapper.emitted("decided")).toEqual([["APPROVE"]]);
    expect((wrapper.get("input").element as HTMLInputElement).value).toBe("");
    wrapper.unmount();
  });

  it("asks before rejecting, in the page, with the focus on the confirmation; then rejects", async () => {
    const { wrapper, calls } = bar(2);
    await wrapper.get("input").setValue("Abusive language");
    await button(wrapper, "Reject 2 messages").trigger("click");
    await flushPromises();
    expect(calls).toEqual([]);
    const step = wrapper.get("[role=group]");
    expect(wrapper.get(`#${step.attributes("aria-labelledby")}`).text()).toBe(
      "Reject 2 messages? Only their authors will still see them.",
    );
    expect(document.activeElement?.textContent?.trim()).toBe("Yes, reject 2 messages");
    // The action buttons give way to the question: a double click cannot confirm.
    expect(wrapper.findAll("button").map((each) => each.text())).toEqual(["Yes, reject 2 messages", "Cancel"]);
    await button(wrapper, "Yes, reject 2 messages").trigger("click");
    await flushPromises();
    expect(calls).toEqual([["REJECT", "Abusive language"]]);
    expect(wrapper.find("[role=group]").exists()).toBe(false);
    expect(wrapper.emitted("decided")).toEqual([["REJECT"]]);
    wrapper.unmount();
  });

  it("backs out with Escape or Cancel, rejecting nothing, the focus back on Reject", async () => {
    const { wrapper, calls } = bar(1);
    await button(wrapper, "Reject 1 message").trigger("click");
    await flushPromises();
    await wrapper.get("[role=group]").trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(wrapper.find("[role=group]").exists()).toBe(false);
    expect(document.activeElement?.textContent?.trim()).toBe("Reject 1 message");
    await button(wrapper, "Reject 1 message").trigger("click");
    await flushPromises();
    await button(wrapper, "Cancel").trigger("click");
    await flushPromises();
    expect(calls).toEqual([]);
    wrapper.unmount();
  });

  it("shows a refusal in words and keeps the reason", async () => {
    const { wrapper } = bar(1, "Cannot approve: message 4 is already approved.");
    await wrapper.get("input").setValue("ok");
    await button(wrapper, "Approve 1 message").trigger("click");
    await flushPromises();
    expect(wrapper.get("[role=alert]").text()).toBe("Cannot approve: message 4 is already approved.");
    expect((wrapper.get("input").element as HTMLInputElement).value).toBe("ok");
    wrapper.unmount();
  });
});
