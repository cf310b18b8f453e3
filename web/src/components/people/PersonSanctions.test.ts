// @vitest-environment happy-dom
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { sanction } from "../../testing/people.ts";
import PersonSanctions from "./PersonSanctions.vue";

const text = (element: { text(): string }) => element.text().replace(/\s+/g, " ");
/** The parts of a row's head: kind, room, state, and the lift button if offered. */
const head = (row: ReturnType<ReturnType<typeof mount>["get"]>) => row.findAll(".head > *").map(text);

describe("PersonSanctions", () => {
  it("shows each sanction: kind, room, state, reason, who set it or the rule, the messages behind it, and times", () => {
    const automatic = sanction({
      id: "auto",
      isAutomatic: true,
      actor: null,
      rule: "3 messages flagged or rejected within 10 min → timeout 10 min",
      triggeringMessages: [
        { id: "m1", text: "first", roomId: "r1", createdAt: "2026-11-21T09:58:00Z", moderationStatus: "FLAGGED" },
        { id: "m2", text: null, roomId: "r1", createdAt: "2026-11-21T09:59:00Z", moderationStatus: "REJECTED" },
      ],
    });
    const lifted = sanction({
      id: "lifted",
      kind: "BAN",
      inForce: false,
      endsAt: null,
      liftedAt: "2026-11-20T12:00:00Z",
      liftReason: "Apologised",
      startsAt: "2026-11-20T10:00:00Z",
    });
    const suspension = sanction({ id: "susp", kind: "SUSPENSION", room: null, startsAt: "2026-11-19T10:00:00Z" });
    const wrapper = mount(PersonSanctions, {
      props: { sanctions: [lifted, suspension, automatic], viewerRole: "MODERATOR" },
    });
    const rows = wrapper.findAll("li.sanction");
    // In force first (newest first), then the rest.
    expect(rows.map((row) => row.get(".kind").text())).toEqual(["Timeout", "Suspension", "Ban"]);
    expect(head(rows[0]!)).toEqual(["Timeout", "#general", "In force", "Lift the timeout in #general"]);
    expect(text(rows[0]!.get(".by"))).toBe("Automatic: 3 messages flagged or rejected within 10 min → timeout 10 min");
    expect(rows[0]!.findAll(".triggers q").map((q) => q.text())).toEqual(["first", "a deleted message"]);
    // A moderator cannot lift a suspension (admins do); a lifted ban says when and why.
    expect(head(rows[1]!)).toEqual(["Suspension", "Whole account", "In force"]);
    expect(text(rows[1]!.get(".by"))).toBe("By carol");
    expect(head(rows[2]!)).toEqual(["Ban", "#general", "Lifted"]);
    expect(rows[2]!.findAll(".times > div").map(text)).toEqual([
      expect.stringMatching(/^Started.+$/),
      "EndsNo end",
      expect.stringMatching(/^Lifted.+: “Apologised”$/),
    ]);
  });

  it("asks to lift one, and says when there are none", async () => {
    const wrapper = mount(PersonSanctions, { props: { sanctions: [sanction()], viewerRole: "ADMIN" } });
    await wrapper.get("button").trigger("click");
    expect(wrapper.emitted("lift")).toEqual([[sanction()]]);
    const none = mount(PersonSanctions, { props: { sanctions: [], viewerRole: "ADMIN" } });
    expect(none.text()).toBe("No timeouts, bans or suspensions.");
  });
});
