import { CombinedError } from "@urql/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { ALICE, BOB, reviewMessage } from "../testing/fixtures.ts";
import { CAROL, personRecord, sanction } from "../testing/people.ts";
import { useModerationEvents } from "./useModerationEvents.ts";
import { usePerson } from "./usePerson.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const note = (text: string) => ({ id: `n-${text}`, text, createdAt: "2026-11-21T10:00:00Z", author: CAROL });

function setup(handler: ConstructorParameters<typeof FakeTransport>[0], userId = ref(ALICE.id)) {
  const fake = new FakeTransport(handler);
  const scope = effectScope();
  const person = scope.run(() => {
    const events = useModerationEvents({ transport: fake.transport });
    return usePerson(userId, { transport: fake.transport, events });
  });
  if (!person) throw new Error("no person");
  return { fake, person, userId };
}

describe("usePerson", () => {
  it("loads a person's record, and again for another person", async () => {
    const { fake, person, userId } = setup((_operation, variables) => ({
      data: { person: variables["userId"] === "nobody" ? null : personRecord() },
    }));
    await settle();
    expect(fake.calls.find((call) => call.operation === "Person")).toEqual({
      operation: "Person",
      variables: { userId: ALICE.id },
    });
    expect(person.record.value?.user.username).toBe("alice");
    expect(person.missing.value).toBe(false);
    userId.value = "nobody";
    await settle();
    expect(person.record.value).toBeNull();
    expect(person.missing.value).toBe(true);
  });

  it("adds a note on top, or says why not", async () => {
    let refuse = false;
    const { fake, person } = setup((operation, variables) => {
      if (operation === "Person") return { data: { person: personRecord({ notes: [note("older")] }) } };
      if (refuse)
        return {
          error: new CombinedError({
            graphQLErrors: [{ message: "Moderators only.", extensions: { code: "FORBIDDEN" } }],
          }),
        };
      return { data: { addModeratorNote: note(String(variables["text"])) } };
    });
    await settle();
    expect(await person.addNote("  Second warning.  ")).toBeNull();
    expect(fake.calls.at(-1)?.variables).toEqual({ userId: ALICE.id, text: "Second warning." });
    expect(person.record.value?.notes.map((each) => each.text)).toEqual(["Second warning.", "older"]);
    expect(await person.addNote("   ")).toBe("Write the note first.");
    expect(await person.addNote("x".repeat(2001))).toBe("A note is at most 2000 characters.");
    refuse = true;
    expect(await person.addNote("again")).toBe("Moderators only.");
  });

  it("keeps a note just added when a reload that read the notes before it answers late", async () => {
    let notes = [note("older")];
    let release: (() => void) | null = null;
    const { person } = setup(async (operation, variables) => {
      if (operation === "AddModeratorNote") {
        const added = note(String(variables["text"]));
        notes = [added, ...notes];
        return { data: { addModeratorNote: added } };
      }
      const answer = { data: { person: personRecord({ notes }) } };
      if (release === null) return answer;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return answer;
    });
    await settle();
    release = () => {};
    void person.refresh(); // in flight: it read the notes before the new one
    await settle();
    expect(await person.addNote("newer")).toBeNull();
    (release as () => void)();
    await settle();
    expect(person.record.value?.notes.map((each) => each.text)).toEqual(["newer", "older"]);
    release = null;
    await vi.advanceTimersByTimeAsync(500); // and a fresh reload follows
    expect(person.record.value?.notes.map((each) => each.text)).toEqual(["newer", "older"]);
  });

  it("reloads quietly when a sanction on them is set or lifted, or a verdict touches their message", async () => {
    const { fake, person } = setup(() => ({ data: { person: personRecord() } }));
    await settle();
    const loads = () => fake.calls.filter((call) => call.operation === "Person").length;
    const push = (overrides: object) =>
      fake.last.next({
        moderationEvents: {
          kind: "SANCTIONED",
          at: "2026-11-21T10:00:00Z",
          moderator: null,
          decision: null,
          message: null,
          sanction: null,
          appeal: null,
          ...overrides,
        },
      });
    // Someone else's sanction: nothing to reload.
    push({ sanction: { ...sanction(), user: BOB } });
    await vi.advanceTimersByTimeAsync(500);
    expect(loads()).toBe(1);
    push({ sanction: sanction() });
    push({ kind: "FLAGGED", message: reviewMessage(1, { author: ALICE }) });
    await vi.advanceTimersByTimeAsync(500);
    expect(loads()).toBe(2); // one reload for the burst
    expect(person.loading.value).toBe(false);
    push({ kind: "FLAGGED", message: reviewMessage(2, { author: BOB }) });
    await vi.advanceTimersByTimeAsync(500);
    expect(loads()).toBe(2);
  });
});
