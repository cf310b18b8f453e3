// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { RoomPolicyInput } from "../../gql/graphql.ts";
import { FakeTransport } from "../../testing/fake-transport.ts";
import RoomModerationRules from "./RoomModerationRules.vue";

const room = {
  id: "r1",
  moderationMode: "POST",
  slowModeSeconds: 0,
  policy: {
    escalation: { enabled: true, count: 3, windowMinutes: 10, timeoutMinutes: [10, 1440], repeatWindowHours: 24 },
  },
};

/** The rules of room r1, over an API that stores each change (or refuses it in `refusal`'s words). */
async function rules(refusal: string | null = null) {
  const api = new FakeTransport((operation, variables) => {
    if (operation === "RoomRules") return { data: { room } };
    if (refusal)
      return { error: new CombinedError({ graphQLErrors: [{ message: refusal, extensions: { code: "FORBIDDEN" } }] }) };
    const input = variables["input"] as RoomPolicyInput;
    return {
      data: {
        updateRoomPolicy: {
          ...room,
          moderationMode: input.moderationMode,
          slowModeSeconds: input.slowModeSeconds,
        },
      },
    };
  });
  const wrapper = mount(RoomModerationRules, {
    props: { roomId: "r1", transport: api.transport },
    attachTo: document.body,
  });
  await flushPromises();
  const field = (label: string) => {
    const found = wrapper.findAll("label").find((each) => each.text().startsWith(label));
    const target = found?.attributes("for");
    if (!target) throw new Error(`no field "${label}"`);
    return wrapper.get(`#${CSS.escape(target)}`);
  };
  const save = async () => {
    const button = wrapper.findAll("button").find((each) => each.text() === "Save rules");
    await button?.trigger("click");
    await flushPromises();
  };
  const updates = () => api.calls.filter((call) => call.operation === "UpdateRoomRules").map((call) => call.variables);
  return { wrapper, field, save, updates };
}

describe("RoomModerationRules", () => {
  it("offers each mode with what it means, hold for the automatic verdict among them", async () => {
    const { wrapper } = await rules();
    const modes = wrapper.findAll(".mode");
    expect(modes.map((mode) => mode.get("strong").text())).toEqual([
      "After posting",
      "Hold for the automatic verdict",
      "Before posting",
    ]);
    expect(modes[1]?.get(".meaning").text()).toContain("once the automatic moderator has read it");
    expect((wrapper.get("input[value=POST]").element as HTMLInputElement).checked).toBe(true);
    const slow = wrapper.get("select");
    expect(slow.findAll("option").map((option) => option.text())).toEqual([
      "Off",
      "5 seconds",
      "10 seconds",
      "30 seconds",
      "1 minute",
      "5 minutes",
      "15 minutes",
      "1 hour",
      "Custom",
    ]);
    wrapper.unmount();
  });

  it("saves the mode, slow mode and the escalation rule, and says so", async () => {
    const { wrapper, field, save, updates } = await rules();
    await wrapper.get("input[value=HOLD]").setValue(true);
    await field("Slow mode").setValue("custom");
    await field("Slow mode, seconds").setValue("45");
    await field("Messages").setValue("4");
    await field("Timeouts").setValue("5, 60");
    expect(wrapper.get(".preview").text()).toBe(
      "4 flagged or removed messages within 10 minutes time a member out for 5 minutes; again within 24 hours, for 1 hour (the last one repeats).",
    );
    await save();
    expect(updates()).toEqual([
      {
        roomId: "r1",
        input: {
          moderationMode: "HOLD",
          slowModeSeconds: 45,
          escalation: { enabled: true, count: 4, windowMinutes: 10, timeoutMinutes: [5, 60], repeatWindowHours: 24 },
        },
      },
    ]);
    expect(wrapper.get("[role=status]").text()).toBe("Rules updated: they apply from now on.");
    wrapper.unmount();
  });

  it("marks a value the API would refuse, with its message and the focus, and sends nothing", async () => {
    const { wrapper, field, save, updates } = await rules();
    await field("Within (minutes)").setValue("2000");
    await save();
    expect(updates()).toEqual([]);
    expect(wrapper.get("[role=alert]").text()).toBe("The window is 1 to 1440 minutes (a day).");
    expect(field("Within (minutes)").attributes("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(field("Within (minutes)").element);
    // Fixed as it is typed.
    await field("Within (minutes)").setValue("30");
    expect(wrapper.find("[role=alert]").exists()).toBe(false);
    // Turned off, the numbers are not checked: only "off" is sent.
    await field("Messages").setValue("0");
    await wrapper.get("input[type=checkbox]").setValue(false);
    await save();
    expect(updates().at(-1)?.["input"]).toEqual({
      moderationMode: "POST",
      slowModeSeconds: 0,
      escalation: { enabled: false },
    });
    wrapper.unmount();
  });

  it("shows the API's refusal in its words", async () => {
    const { wrapper, save } = await rules("Only the room's creator and moderators change its policy.");
    await save();
    expect(wrapper.get("[role=alert]").text()).toBe("Only the room's creator and moderators change its policy.");
    expect(wrapper.get("[role=status]").text()).toBe("");
    wrapper.unmount();
  });

  it("is left out of a settings panel mounted without the app's transport", () => {
    const wrapper = mount(RoomModerationRules, { props: { roomId: "r1" } });
    expect(wrapper.html()).toBe("<!--v-if-->");
  });
});
