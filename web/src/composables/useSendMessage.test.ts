import { CombinedError } from "@urql/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Ref, shallowRef } from "vue";
import type { ChatMessage } from "../chat/timeline.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import { ALICE, message } from "../testing/fixtures.ts";
import { type SendMessageOptions, useSendMessage } from "./useSendMessage.ts";

type Input = { input: { roomId: string; text: string; clientId: string } };

function setup(
  answer: (variables: Input) => { data?: unknown; error?: CombinedError },
  extra: Partial<SendMessageOptions> = {},
) {
  const fake = new FakeTransport((_operation, variables) => answer(variables as Input));
  const messages: Ref<readonly ChatMessage[]> = shallowRef([]);
  extra = { storage: memoryStorage(), ...extra };
  const upserted: ChatMessage[] = [];
  const sender = useSendMessage("r1", {
    messages,
    expectAnswer: () => (m) => {
      upserted.push(m);
      messages.value = [...messages.value, m];
    },
    viewerId: () => ALICE.id,
    transport: fake.transport,
    ...extra,
  });
  const sent = () => fake.calls.map((call) => (call.variables as Input).input);
  return { fake, messages, upserted, sender, sent };
}

/** A Storage in memory (the unit tests run in Node, which has no localStorage). */
function memoryStorage(): Storage {
  const store = new Map<string, string>();
  return {
    get length() {
      return store.size;
    },
    clear: () => store.clear(),
    key: (index) => [...store.keys()][index] ?? null,
    getItem: (key) => store.get(key) ?? null,
    setItem: (key, value) => void store.set(key, String(value)),
    removeItem: (key) => void store.delete(key),
  };
}

const confirmed = ({ input }: Input) => ({
  data: { sendMessage: message(7, { text: input.text, clientId: input.clientId, moderationStatus: "PENDING" }) },
});
const refused = (text: string, code: string) => ({
  error: new CombinedError({ graphQLErrors: [{ message: text, extensions: { code } }] }),
});

describe("useSendMessage", () => {
  it("sends a reply with its original's id, and again with it after a failed attempt", async () => {
    let attempts = 0;
    const storage = memoryStorage();
    const { sender, sent } = setup(
      (variables) => (++attempts === 1 ? refused("Oops", "INTERNAL") : confirmed(variables)),
      {
        storage,
      },
    );
    expect(sender.send("me too", "m3")).toBe(true);
    await settle();
    expect(sender.pending.value).toMatchObject([{ text: "me too", status: "failed", replyToId: "m3" }]);
    sender.retry(sender.pending.value[0]!.clientId);
    await settle();
    expect(sent().map((input) => (input as { replyToId?: string }).replyToId)).toEqual(["m3", "m3"]);
    expect(sender.pending.value).toEqual([]);
  });

  it("shows the message as sending at once, then hands the confirmed message to the room", async () => {
    const { sender, upserted, sent } = setup(confirmed);
    expect(sender.send("  hello  ")).toBe(true);
    expect(sender.pending.value).toMatchObject([{ text: "  hello  ", status: "sending" }]);
    await settle();
    expect(sender.pending.value).toEqual([]);
    expect(upserted.map((m) => m.clientId)).toEqual([sent()[0]?.clientId]);
  });

  it("keeps a failed message with the API's reason, and retries it with the same clientId", async () => {
    let attempts = 0;
    const { sender, sent, messages } = setup((variables) =>
      attempts++ === 0 ? refused("Join the room first.", "FORBIDDEN") : confirmed(variables),
    );
    sender.send("hello");
    await settle();
    const [failed] = sender.pending.value;
    expect(failed).toMatchObject({ status: "failed", error: "Join the room first." });
    sender.retry(failed?.clientId ?? "");
    expect(sender.pending.value[0]?.status).toBe("sending");
    await settle();
    expect(sent().map((input) => input.clientId)).toEqual([failed?.clientId, failed?.clientId]);
    expect(sender.pending.value).toEqual([]);
    expect(messages.value).toHaveLength(1);
  });

  describe("refused by the send rate limit", () => {
    afterEach(() => vi.useRealTimers());
    const tooFast = (retryAfterMs: number) => ({
      error: new CombinedError({
        graphQLErrors: [
          {
            message: `Too many attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
            extensions: { code: "RATE_LIMITED", retryAfterMs },
          },
        ],
      }),
    });

    it("waits out retryAfterMs, then sends it again by itself with the same clientId", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      let attempts = 0;
      const { sender, sent, messages } = setup((variables) =>
        attempts++ === 0 ? tooFast(7_000) : confirmed(variables),
      );
      sender.send("hello");
      await settle();
      expect(sender.pending.value).toMatchObject([{ text: "hello", status: "waiting", retryAt: 1_007_000 }]);
      // Written meanwhile: it waits behind the first, so the order is kept.
      sender.send("and then");
      expect(sender.pending.value.map((item) => item.status)).toEqual(["waiting", "waiting"]);
      expect(sent()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(6_900);
      expect(sent()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      await settle();
      expect(sent().map((input) => input.text)).toEqual(["hello", "hello", "and then"]);
      expect(sent()[1]?.clientId).toBe(sent()[0]?.clientId);
      expect(sender.pending.value).toEqual([]);
      expect(messages.value.map((m) => m.text)).toEqual(["hello", "and then"]);
    });

    it("keeps unsent messages across a reload and sends them again, same clientId; one refused for good stays", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const storage = memoryStorage();
      const first = setup(
        (variables) => {
          if (variables.input.text === "refused") return refused("Join the room first.", "FORBIDDEN");
          return tooFast(30_000);
        },
        { storage },
      );
      first.sender.send("refused");
      await settle();
      first.sender.send("too fast");
      await settle();
      expect(first.sender.pending.value.map((item) => item.status)).toEqual(["failed", "waiting"]);
      const waitingId = first.sent()[1]?.clientId;

      // The page reloads after the wait: the waiting message goes at once, the refused one stays as it was.
      vi.setSystemTime(1_031_000);
      const second = setup(confirmed, { storage });
      await vi.advanceTimersByTimeAsync(0);
      await settle();
      expect(second.sent()).toEqual([{ roomId: "r1", text: "too fast", clientId: waitingId }]);
      expect(second.sender.pending.value).toMatchObject([
        { text: "refused", status: "failed", error: "Join the room first." },
      ]);
      second.sender.discard(second.sender.pending.value[0]?.clientId ?? "");
      await settle();
      expect(storage.length).toBe(0);
    });

    it("a reload before the wait is over waits for the rest of it", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const storage = memoryStorage();
      const first = setup(() => tooFast(10_000), { storage });
      first.sender.send("hello");
      await settle();
      vi.setSystemTime(1_004_000);
      const second = setup(confirmed, { storage });
      await settle();
      expect(second.sender.pending.value).toMatchObject([{ status: "waiting", retryAt: 1_010_000 }]);
      await vi.advanceTimersByTimeAsync(6_000);
      await settle();
      expect(second.sent().map((input) => input.clientId)).toEqual([first.sent()[0]?.clientId]);
      expect(second.sender.pending.value).toEqual([]);
    });

    it("a discarded waiting message is not sent", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const { sender, sent } = setup(() => tooFast(2_000));
      sender.send("hello");
      await settle();
      sender.discard(sender.pending.value[0]?.clientId ?? "");
      await vi.advanceTimersByTimeAsync(5_000);
      expect(sent()).toHaveLength(1);
    });
  });

  it("sends again, after a reload, what was on its way or never reached the server", async () => {
    const storage = memoryStorage();
    const first = setup(() => ({ error: new CombinedError({ networkError: new Error("Failed to fetch") }) }), {
      storage,
    });
    first.sender.send("written offline");
    await settle();
    expect(first.sender.pending.value[0]?.status).toBe("failed");
    const second = setup(confirmed, { storage });
    await settle();
    expect(second.sent().map((input) => input.clientId)).toEqual([first.sent()[0]?.clientId]);
    expect(second.sender.pending.value).toEqual([]);
  });

  it("keeps each person's outbox apart", async () => {
    const storage = memoryStorage();
    const first = setup(() => refused("Join the room first.", "FORBIDDEN"), { storage });
    first.sender.send("mine");
    await settle();
    const other = setup(confirmed, { storage, viewerId: () => "someone-else" });
    expect(other.sender.pending.value).toEqual([]);
  });

  it("says in words when the server cannot be reached", async () => {
    const { sender } = setup(() => ({ error: new CombinedError({ networkError: new Error("Failed to fetch") }) }));
    sender.send("hello");
    await settle();
    expect(sender.pending.value[0]?.error).toMatch(/Can't reach the server/);
  });

  it("sends again by itself, once connected, what never reached the server; not what the API refused", async () => {
    let online = false;
    const { sender, fake, sent } = setup((variables) => {
      if (variables.input.text === "refused") return refused("Join the room first.", "FORBIDDEN");
      return online
        ? confirmed(variables)
        : { error: new CombinedError({ networkError: new Error("Failed to fetch") }) };
    });
    sender.send("written offline");
    sender.send("refused");
    sender.send("also offline");
    await settle();
    expect(sender.pending.value.map((item) => item.status)).toEqual(["failed", "failed", "failed"]);

    online = true;
    fake.connect();
    await settle();
    expect(sender.pending.value).toMatchObject([{ text: "refused", status: "failed" }]);
    expect(sent().map((input) => input.text)).toEqual([
      "written offline",
      "refused",
      "also offline",
      "written offline",
      "also offline",
    ]);
  });

  it("drops the pending entry as soon as the room shows the message (its event came first)", async () => {
    const { sender, messages } = setup(() => ({ error: new CombinedError({ networkError: new Error("lost") }) }));
    sender.send("hello");
    const clientId = sender.pending.value[0]?.clientId ?? "";
    messages.value = [message(3, { clientId, author: ALICE })];
    expect(sender.pending.value).toEqual([]);
  });

  it("can discard a failed message, and refuses empty or over-long text", async () => {
    const { sender, fake } = setup(() => refused("Join the room first.", "FORBIDDEN"));
    expect(sender.send("   ")).toBe(false);
    expect(sender.send("x".repeat(2_001))).toBe(false);
    sender.send("hello");
    await settle();
    sender.discard(sender.pending.value[0]?.clientId ?? "");
    expect(sender.pending.value).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });

  describe("slow mode", () => {
    let clock = 1_000_000;
    const now = () => clock;
    const slow = (extra: Partial<SendMessageOptions> = {}) => ({ slowModeSeconds: () => 30, now, ...extra });

    it("after a message is taken, takes no other until its next turn; the draft stays with the composer", async () => {
      const { sender, sent } = setup(confirmed, slow());
      expect(sender.send("first")).toBe(true);
      expect(sender.nextTurnAt.value).toBe(clock + 30_000); // nothing else goes while it is on its way
      clock += 200; // the answer
      await settle();
      expect(sender.nextTurnAt.value).toBe(clock + 30_000); // counted from the answer: never before the API's
      clock += 10_000;
      expect(sender.send("second")).toBe(false);
      clock += 20_000;
      expect(sender.send("second")).toBe(true);
      await settle();
      expect(sent().map((input) => input.text)).toEqual(["first", "second"]);
    });

    it("waits as long as a RATE_LIMITED refusal says, and hands the text back to the composer", async () => {
      const offered: string[] = [];
      const { sender } = setup(
        () => ({
          error: new CombinedError({
            graphQLErrors: [
              {
                message: "Slow mode: one message every 30 s here; wait 12 s.",
                extensions: { code: "RATE_LIMITED", retryAfterMs: 12_000, until: "2026-11-21T13:00:12Z" },
              },
            ],
          }),
        }),
        slow({ takeBack: (text) => offered.push(text) > 0 }),
      );
      sender.send("too soon"); // sent from another tab a moment ago, say
      await settle();
      expect(sender.nextTurnAt.value).toBe(clock + 12_000);
      expect(offered).toEqual(["too soon"]);
      expect(sender.pending.value).toEqual([]); // back in the composer, not kept as failed
    });

    it("a failure that took no turn gives it back; a moderator is exempt", async () => {
      const { sender } = setup(() => refused("Join the room first.", "FORBIDDEN"), slow());
      sender.send("hello");
      await settle();
      expect(sender.nextTurnAt.value).toBeNull();
      const exempt = setup(confirmed, slow({ slowModeSeconds: () => 0 }));
      exempt.sender.send("one");
      exempt.sender.send("two");
      await settle();
      expect(exempt.sent()).toHaveLength(2);
      expect(exempt.sender.nextTurnAt.value).toBeNull();
    });
  });

  it("a refusal because of a sanction tells the room, and hands the text back", async () => {
    const sanctions: string[] = [];
    const offered: string[] = [];
    const { sender } = setup(
      () => ({
        error: new CombinedError({
          graphQLErrors: [
            {
              message: "You are muted in this room until 2026-11-21T14:05:00.000Z: spam",
              extensions: { code: "FORBIDDEN", sanction: "TIMEOUT", reason: "spam", until: "2026-11-21T14:05:00.000Z" },
            },
          ],
        }),
      }),
      { onSanction: (sanction) => sanctions.push(sanction.kind), takeBack: (text) => offered.push(text) > 0 },
    );
    sender.send("hello");
    await settle();
    expect(sanctions).toEqual(["TIMEOUT"]);
    expect(offered).toEqual(["hello"]);
    expect(sender.pending.value).toEqual([]);
  });

  it("keeps a message refused for a sanction as failed, in the app's words, when the composer holds another", async () => {
    const { sender } = setup(
      () => ({
        error: new CombinedError({
          graphQLErrors: [
            {
              message: "raw",
              extensions: { code: "FORBIDDEN", sanction: "TIMEOUT", reason: "spam", until: "2026-11-21T14:05:00.000Z" },
            },
          ],
        }),
      }),
      { takeBack: () => false },
    );
    sender.send("hello");
    await settle();
    expect(sender.pending.value[0]?.error).toMatch(/^You are muted here until .+: spam$/);
  });
});
