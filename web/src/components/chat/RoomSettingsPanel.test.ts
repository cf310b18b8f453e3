// @vitest-environment happy-dom
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { RoomSettings } from "../../composables/useRoomPolicy.ts";
import type { RoomPolicyInput } from "../../gql/graphql.ts";
import RoomSettingsPanel from "./RoomSettingsPanel.vue";

const settings: RoomSettings = {
  id: "r1",
  moderationMode: "POST",
  reportThreshold: 3,
  policy: {
    blockedTerms: [],
    allowedTerms: [],
    categoryThresholds: [
      { category: "INSULT", flag: 0.7, reject: 1, isDefault: true },
      { category: "IDENTITY_ATTACK", flag: 0.5, reject: 0.97, isDefault: false },
    ],
  },
};

/** The panel with a `save` that records what it was given and answers `refusal` (null: saved). */
function panel(refusal: string | null = null) {
  const saved: RoomPolicyInput[] = [];
  const wrapper = mount(RoomSettingsPanel, {
    props: {
      settings,
      save: async (input: RoomPolicyInput) => {
        saved.push(input);
        return refusal;
      },
    },
    attachTo: document.body,
  });
  /** An input by its accessible name: its row's category and its column ("insult", "Reject at"). */
  const threshold = (category: string, column: string) => {
    const input = wrapper
      .findAll("input[type=number][aria-labelledby]")
      .find((each) => accessibleName(each.element) === `${category} ${column}`);
    if (!input) throw new Error(`no input for ${category} ${column}`);
    return input;
  };
  const save = async () => {
    await wrapper.get("form").trigger("submit");
    await flushPromises();
  };
  return { wrapper, saved, threshold, save };
}

const accessibleName = (element: Element) =>
  (element.getAttribute("aria-labelledby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent?.trim())
    .join(" ");

describe("RoomSettingsPanel: classifier thresholds", () => {
  it("shows each category's flag and reject scores, named by row and column, with what 1 means", () => {
    const { wrapper, threshold } = panel();
    const fieldset = wrapper.get("fieldset.categories");
    expect(fieldset.get("legend").text()).toBe("Classifier thresholds");
    expect(document.getElementById(fieldset.attributes("aria-describedby") ?? "")?.textContent).toContain("1 = never");
    const flag = threshold("insult", "Flag for review at");
    expect((flag.element as HTMLInputElement).value).toBe("0.7");
    expect(flag.attributes()).toMatchObject({ min: "0.05", max: "1", step: "0.05" });
    expect((threshold("identity attack", "Reject at").element as HTMLInputElement).value).toBe("0.97");
    // A category on the defaults says so; one with the room's own values offers to go back.
    const rows = wrapper.findAll("tbody tr");
    expect(rows[0]?.text()).toContain("Default");
    expect(rows[1]?.get("button").text()).toBe("Reset to default (identity attack)");
    wrapper.unmount();
  });

  it("sends only the values changed, and null for a category reset to the defaults", async () => {
    const { wrapper, saved, threshold, save } = panel();
    await threshold("insult", "Flag for review at").setValue("0.55");
    const reset = wrapper.get("tbody tr:nth-child(2) button");
    await reset.trigger("click");
    expect(reset.text()).toBe("Keep this room's values (identity attack)");
    expect(wrapper.get("tbody tr:nth-child(2)").text()).toContain("Back to the defaults once saved.");
    await save();
    expect(saved[0]?.categoryThresholds).toEqual([
      { category: "INSULT", flag: 0.55 },
      { category: "IDENTITY_ATTACK", flag: null, reject: null },
    ]);
    expect(wrapper.get("[role=status]").text()).toBe("Saved. The settings apply to messages sent from now on.");
    wrapper.unmount();
  });

  it("leaves the thresholds out when none changed: they keep following the defaults", async () => {
    const { wrapper, saved, save } = panel();
    await save();
    expect(saved).toHaveLength(1);
    expect(saved[0]).not.toHaveProperty("categoryThresholds");
    wrapper.unmount();
  });

  it("marks a flag above its reject score, moves the focus to it, and sends nothing until it is fixed", async () => {
    const { wrapper, saved, threshold, save } = panel();
    const flag = threshold("identity attack", "Flag for review at");
    await flag.setValue("0.99");
    await save();
    expect(saved).toEqual([]);
    const alert = wrapper.get("[role=alert]");
    expect(alert.text()).toBe("Identity attack: the flag score cannot be above the reject score.");
    expect(flag.attributes("aria-invalid")).toBe("true");
    expect(flag.attributes("aria-describedby")).toBe(alert.attributes("id"));
    expect(document.activeElement).toBe(flag.element);
    await flag.setValue("0.9");
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    expect(flag.attributes("aria-invalid")).toBe("false");
    await save();
    expect(saved[0]?.categoryThresholds).toEqual([{ category: "IDENTITY_ATTACK", flag: 0.9 }]);
    wrapper.unmount();
  });

  it("shows the API's refusal in its words", async () => {
    const refusal = "identity_attack: the flag threshold (0.99) cannot be above the reject threshold (0.97).";
    const { wrapper, threshold, save } = panel(refusal);
    await threshold("insult", "Reject at").setValue("0.8");
    await save();
    expect(wrapper.get("[role=alert]").text()).toBe(refusal);
    expect(wrapper.get("[role=status]").text()).toBe("");
    wrapper.unmount();
  });
});
