// @vitest-environment happy-dom
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { ReportCategory } from "../../gql/graphql.ts";
import ReportMessage from "./ReportMessage.vue";

function form(answer: boolean | (() => Promise<boolean>) = true, props: Record<string, unknown> = {}) {
  const reports: [ReportCategory, string][] = [];
  const wrapper = mount(ReportMessage, {
    props: {
      author: "bob",
      label: "09:01",
      report: async (category: ReportCategory, reason: string) => {
        reports.push([category, reason]);
        return typeof answer === "function" ? answer() : answer;
      },
      ...props,
    },
    attachTo: document.body,
  });
  return { wrapper, reports };
}

const open = async (wrapper: ReturnType<typeof form>["wrapper"]) => {
  await wrapper.get("button.report-toggle").trigger("click");
  await flushPromises();
};

describe("ReportMessage", () => {
  it("asks for a kind of problem in a labelled radio group, and optional words", async () => {
    const { wrapper } = form();
    const toggle = wrapper.get("button.report-toggle");
    expect(toggle.text()).toBe("Report the message from bob at 09:01");
    expect(toggle.attributes("aria-expanded")).toBe("false");
    await open(wrapper);
    expect(wrapper.get("fieldset legend").text()).toBe("What is wrong with it?");
    const choices = wrapper.findAll("input[type=radio]");
    expect(choices.map((each) => each.element.closest("label")?.textContent?.trim())).toEqual([
      "Spam",
      "Harassment",
      "Hate",
      "Sexual content",
      "Self-harm",
      "Other",
    ]);
    expect(new Set(choices.map((each) => each.attributes("name"))).size).toBe(1); // one group
    expect(document.activeElement).toBe(choices[0]?.element);
    const words = wrapper.get("input:not([type=radio])");
    expect(wrapper.get(`label[for="${words.attributes("id")}"]`).text()).toBe(
      "Why are you reporting this message? (optional)",
    );
    expect(words.attributes("required")).toBeUndefined();
    wrapper.unmount();
  });

  it("sends the chosen kind with the words, trimmed by the caller, then thanks", async () => {
    const { wrapper, reports } = form();
    await open(wrapper);
    const send = wrapper.get("button[type=submit]");
    expect(send.attributes("disabled")).toBeDefined(); // nothing chosen or said yet
    await wrapper.get("input[value=HATE]").setValue(true);
    expect(send.attributes("disabled")).toBeUndefined();
    await wrapper.get("input:not([type=radio])").setValue("slurs about my country");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(reports).toEqual([["HATE", "slurs about my country"]]);
    expect(wrapper.find("form").exists()).toBe(false);
    expect(wrapper.get("[role=status]").text()).toBe("Reported. Thank you: a moderator will take a look.");
    wrapper.unmount();
  });

  it("takes words alone as Other, and a kind alone without words", async () => {
    const first = form();
    await open(first.wrapper);
    await first.wrapper.get("input:not([type=radio])").setValue("not sure what this is");
    await first.wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(first.reports).toEqual([["OTHER", "not sure what this is"]]);
    const second = form();
    await open(second.wrapper);
    await second.wrapper.get("input[value=SPAM]").setValue(true);
    await second.wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(second.reports).toEqual([["SPAM", ""]]);
    first.wrapper.unmount();
    second.wrapper.unmount();
  });

  it("stays open with the refusal shown (too many reports), and keeps what was chosen", async () => {
    const { wrapper, reports } = form(false, { error: "Too many reports; try again in 540 s." });
    await open(wrapper);
    await wrapper.get("input[value=SPAM]").setValue(true);
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(reports).toHaveLength(1);
    expect(wrapper.get("form [role=alert]").text()).toBe("Too many reports; try again in 540 s.");
    expect((wrapper.get("input[value=SPAM]").element as HTMLInputElement).checked).toBe(true);
    wrapper.unmount();
  });

  it("is not offered again once reported; Escape closes the form and returns to Report", async () => {
    expect(form(true, { alreadyReported: true }).wrapper.find("button.report-toggle").exists()).toBe(false);
    const { wrapper } = form();
    await open(wrapper);
    await wrapper.get("form").trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect(wrapper.find("form").exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get("button.report-toggle").element);
    wrapper.unmount();
  });

  it("sends nothing while a report is on its way", async () => {
    const { wrapper, reports } = form(true, { busy: true });
    await open(wrapper);
    await wrapper.get("input[value=SPAM]").setValue(true);
    expect(wrapper.get("button[type=submit]").attributes("disabled")).toBeDefined();
    await wrapper.get("form").trigger("submit");
    expect(reports).toEqual([]);
    wrapper.unmount();
  });
});
