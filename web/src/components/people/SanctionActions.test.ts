// @vitest-environment happy-dom
import { CombinedError } from "@urql/core";
import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { FakeTransport } from "../../testing/fake-transport.ts";
import { ALICE } from "../../testing/fixtures.ts";
import { sanction } from "../../testing/people.ts";
import SanctionActions from "./SanctionActions.vue";
import SanctionDialog from "./SanctionDialog.vue";

/** The actions for alice's message in #general, over an API that takes each sanction or refuses it. */
function actions(refusal: string | null = null) {
  const api = new FakeTransport((operation, variables) => {
    if (refusal)
      return {
        error: new CombinedError({ graphQLErrors: [{ message: refusal, extensions: { code: "BAD_USER_INPUT" } }] }),
      };
    const { input } = variables as { input: { minutes: number | null } };
    const ends = input.minutes === null ? null : "2026-11-21T11:00:00Z";
    const kind = operation === "BanMember" ? "BAN" : "TIMEOUT";
    return { data: { [operation === "BanMember" ? "banMember" : "timeOutMember"]: sanction({ kind, endsAt: ends }) } };
  });
  const wrapper = mount(SanctionActions, {
    props: { user: ALICE, roomId: "r1", roomName: "general", transport: api.transport },
    attachTo: document.body,
  });
  const button = (name: string) => {
    const found = wrapper.findAll("button").find((each) => each.text().replace(/\s+/g, " ").startsWith(name));
    if (!found) throw new Error(`no "${name}" button`);
    return found;
  };
  const dialog = () => wrapper.get("dialog");
  return { api, wrapper, button, dialog };
}

describe("SanctionActions", () => {
  it("times out the author: how long and why, then a confirmation, then the result on the page", async () => {
    const { api, wrapper, button, dialog } = actions();
    expect(button("Time out the author").text()).toBe("Time out the author alice");
    await button("Time out the author").trigger("click");
    await flushPromises();
    expect(dialog().get("h2").text()).toBe("Time out: alice");
    // The listed durations, 10 minutes by default, and a custom one.
    const labels = dialog()
      .findAll("label.choice")
      .map((label) => label.text());
    expect(labels).toEqual(["1 minute", "10 minutes", "1 hour", "1 day", "1 week", "Custom"]);
    expect((dialog().get("input[value='10']").element as HTMLInputElement).checked).toBe(true);

    // The reason is required: nothing is sent without one.
    await dialog().get("form").trigger("submit");
    expect(dialog().get("[role=alert]").text()).toBe("Give a reason: the person reads it.");
    await dialog().get("input[value='1440']").setValue(true);
    await dialog().get("textarea").setValue("Spamming links");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    expect(dialog().get(".question").text()).toBe("Time out alice in #general for 1 day?");
    expect(api.calls).toEqual([]);

    await button("Time out alice").trigger("click");
    await flushPromises();
    expect(api.calls).toEqual([
      {
        operation: "TimeOutMember",
        variables: { input: { userId: ALICE.id, roomId: "r1", minutes: 1440, reason: "Spamming links" } },
      },
    ]);
    expect(wrapper.get("[role=status]").text()).toMatch(/^alice is timed out in #general until .+\.$/);
    expect(dialog().find("form").exists()).toBe(false); // closed, and emptied
    wrapper.unmount();
  });

  it("bans with no end by default, or a custom end; refuses a custom timeout past 28 days before sending", async () => {
    const { api, wrapper, button, dialog } = actions();
    await button("Ban from the room").trigger("click");
    await flushPromises();
    expect(dialog().get("h2").text()).toBe("Ban from a room: alice");
    await dialog().get("textarea").setValue("Raiding");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    expect(dialog().get(".question").text()).toBe("Ban alice from #general with no end?");
    await button("Ban alice").trigger("click");
    await flushPromises();
    expect(api.calls.at(-1)?.variables).toEqual({
      input: { userId: ALICE.id, roomId: "r1", minutes: null, reason: "Raiding" },
    });
    expect(wrapper.get("[role=status]").text()).toBe("alice is banned from #general with no end.");

    await button("Time out the author").trigger("click");
    await flushPromises();
    await dialog().get(`input[value='custom']`).setValue(true);
    await dialog().get("input[type=number]").setValue("29");
    await dialog().get("select").setValue("days");
    await dialog().get("textarea").setValue("Cooling off");
    await dialog().get("form").trigger("submit");
    expect(dialog().get("[role=alert]").text()).toBe("A timeout lasts 1 minute to 28 days (40320 minutes).");
    await dialog().get("input[type=number]").setValue("36");
    await dialog().get("select").setValue("hours");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    expect(dialog().get(".question").text()).toBe("Time out alice in #general for 1 day 12 hours?");
    wrapper.unmount();
  });

  it("shows the API's refusal in the confirmation, which stays open", async () => {
    const { wrapper, button, dialog } = actions("Moderators read and post everywhere: change their role first.");
    await button("Time out the author").trigger("click");
    await flushPromises();
    await dialog().get("textarea").setValue("Rude");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    await button("Time out alice").trigger("click");
    await flushPromises();
    expect(dialog().get("[role=alert]").text()).toBe("Moderators read and post everywhere: change their role first.");
    expect(wrapper.get("[role=status]").text()).toBe("");
    // Back to the form keeps what was typed.
    await button("Back").trigger("click");
    expect((dialog().get("textarea").element as HTMLTextAreaElement).value).toBe("Rude");
    wrapper.unmount();
  });
});

describe("SanctionDialog", () => {
  it("asks for the room when none is given, and suspends an account (no room) with no end by default", async () => {
    const api = new FakeTransport((operation) => ({
      data: {
        [operation === "SuspendAccount" ? "suspendAccount" : "timeOutMember"]: sanction({
          kind: operation === "SuspendAccount" ? "SUSPENSION" : "TIMEOUT",
          room: operation === "SuspendAccount" ? null : { id: "r2", name: "random" },
          endsAt: operation === "SuspendAccount" ? null : "2026-11-21T11:00:00Z",
        }),
      },
    }));
    const done: string[] = [];
    const wrapper = mount(SanctionDialog, {
      props: {
        user: ALICE,
        rooms: [
          { id: "r1", name: "general" },
          { id: "r2", name: "random" },
        ],
        transport: api.transport,
        onDone: (_sanction: unknown, sentence: string) => void done.push(sentence),
      },
      attachTo: document.body,
    });
    const dialog = () => wrapper.get("dialog");
    const press = async (name: string) => {
      await wrapper
        .findAll("button")
        .find((each) => each.text() === name)
        ?.trigger("click");
      await flushPromises();
    };

    wrapper.vm.open("TIMEOUT");
    await flushPromises();
    await dialog().get("textarea").setValue("Off topic");
    await dialog().get("form").trigger("submit");
    expect(dialog().get("[role=alert]").text()).toBe("Choose the room.");
    await dialog().get("select").setValue("r2");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    expect(dialog().get(".question").text()).toBe("Time out alice in #random for 10 minutes?");
    await press("Time out alice");
    expect(api.calls.at(-1)?.variables).toEqual({
      input: { userId: ALICE.id, roomId: "r2", minutes: 10, reason: "Off topic" },
    });

    wrapper.vm.open("SUSPENSION");
    await flushPromises();
    expect(dialog().get("h2").text()).toBe("Suspend the account: alice");
    expect(dialog().find("select").exists()).toBe(false); // no room: the whole account
    await dialog().get("textarea").setValue("Ban evasion");
    await dialog().get("form").trigger("submit");
    await flushPromises();
    expect(dialog().get(".question").text()).toBe(
      "Suspend alice's account with no end? They are signed out everywhere at once.",
    );
    await press("Suspend alice");
    expect(api.calls.at(-1)).toEqual({
      operation: "SuspendAccount",
      variables: { input: { userId: ALICE.id, minutes: null, reason: "Ban evasion" } },
    });
    expect(done).toEqual([
      expect.stringMatching(/^alice is timed out in #random until .+\.$/),
      "alice's account is suspended with no end.",
    ]);
    wrapper.unmount();
  });
});
