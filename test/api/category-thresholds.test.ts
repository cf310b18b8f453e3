// A room's per-category score thresholds (RoomPolicy.categoryThresholds): read and changed through
// the API by the room's creator, refused with readable errors, hidden from plain members, and
// applied by the worker to the messages sent afterwards.

import { defaultCategoryThresholds, moderationCategories } from "@chatmod/core/moderation-categories";
import { roomPolicy } from "@chatmod/worker/policy";
import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { signUp } from "../helpers/stack.ts";
import { workerStackForFile } from "../moderation/worker-stack.ts";
import { memberInRoom, send, startWorker, waitForVerdict } from "../moderation/worker-support.ts";

const { api, sql } = workerStackForFile();

type Row = { category: string; flag: number; reject: number; isDefault: boolean };
type Policy = {
  moderationMode: string;
  reportThreshold: number;
  policy: {
    categoryThresholds: Row[];
    thresholds: { flagSeverity: string | null };
    blockedTerms: string[];
    allowedTerms: string[];
  } | null;
};
const FIELDS = `moderationMode reportThreshold policy {
  categoryThresholds { category flag reject isDefault } thresholds { flagSeverity } blockedTerms allowedTerms }`;

const READ = gql<{ room: Policy }, { id: string }>(`query($id: ID) { room(id: $id) { ${FIELDS} } }`);
// The input is whatever a case sends: some send nulls and bad values on purpose.
const UPDATE = gql<{ updateRoomPolicy: Policy }, { id: string; input: Record<string, unknown> }>(
  `mutation($id: ID!, $input: RoomPolicyInput!) { updateRoomPolicy(roomId: $id, input: $input) { ${FIELDS} } }`,
);

/** The GraphQL name of a category (`identity_attack` -> IDENTITY_ATTACK). */
const upper = (category: string) => category.toUpperCase();

/** What a room that never changed its thresholds reads: every category, in core's order, at the defaults. */
const defaults: Row[] = moderationCategories.map((category) => ({
  category: upper(category),
  ...defaultCategoryThresholds[category],
  isDefault: true,
}));

/** The defaults with one category's row replaced. */
function withRow(category: string, row: Partial<Row>): Row[] {
  return defaults.map((each) => (each.category === category ? { ...each, ...row } : each));
}

async function storedPolicy(roomId: string): Promise<unknown> {
  const result = await sql.query(`SELECT policy FROM "Room" WHERE id = $1`, [roomId]);
  return result.rows[0]?.policy;
}

describe("category thresholds, through the API", () => {
  it("read as the defaults, one per category in a fixed order, until the room sets its own", async () => {
    const { alice, room } = await memberInRoom(api);
    const read = await alice.client.ok(READ, { id: room.id });
    expect(read.room.policy?.categoryThresholds).toEqual(defaults);
    expect(read.room.policy?.categoryThresholds.map((row) => row.category)).toEqual([
      "TOXICITY",
      "INSULT",
      "THREAT",
      "IDENTITY_ATTACK",
      "SEXUAL_OBSCENE",
      "HARASSMENT",
      "SELF_HARM",
    ]);
  });

  it("change only the values given, leave the rest of the policy, and go back to the default on null", async () => {
    const { alice, room } = await memberInRoom(api);
    await alice.client.ok(UPDATE, {
      id: room.id,
      input: {
        moderationMode: "PRE",
        reportThreshold: 5,
        thresholds: { flagSeverity: "mild" },
        blockedTerms: ["durian"],
        allowedTerms: ["scunthorpe"],
      },
    });

    const changed = await alice.client.ok(UPDATE, {
      id: room.id,
      input: { categoryThresholds: [{ category: "INSULT", flag: 0.3 }] },
    });
    const expected = {
      moderationMode: "PRE",
      reportThreshold: 5,
      policy: {
        categoryThresholds: withRow("INSULT", {
          flag: 0.3,
          reject: defaultCategoryThresholds.insult.reject,
          isDefault: false,
        }),
        thresholds: { flagSeverity: "mild" },
        blockedTerms: ["durian"],
        allowedTerms: ["scunthorpe"],
      },
    };
    expect(changed.updateRoomPolicy).toEqual(expected);
    expect((await alice.client.ok(READ, { id: room.id })).room).toEqual(expected);
    // Stored as set: only the value given, so the other stays the service's default.
    expect(await storedPolicy(room.id)).toMatchObject({ categoryThresholds: { insult: { flag: 0.3 } } });

    // A later change to another category, or to the other value, keeps the first.
    await alice.client.ok(UPDATE, {
      id: room.id,
      input: { categoryThresholds: [{ category: "THREAT", reject: 0.9 }] },
    });
    const both = await alice.client.ok(READ, { id: room.id });
    expect(both.room.policy?.categoryThresholds).toEqual(
      defaults.map((row) =>
        row.category === "INSULT"
          ? { ...row, flag: 0.3, isDefault: false }
          : row.category === "THREAT"
            ? { ...row, reject: 0.9, isDefault: false }
            : row,
      ),
    );

    const reset = await alice.client.ok(UPDATE, {
      id: room.id,
      input: {
        categoryThresholds: [
          { category: "INSULT", flag: null },
          { category: "THREAT", reject: null },
        ],
      },
    });
    expect(reset.updateRoomPolicy).toEqual({
      ...expected,
      policy: { ...expected.policy, categoryThresholds: defaults },
    });
    // Nothing left of them in storage: the worker applies the defaults as they are then.
    expect(await storedPolicy(room.id)).toEqual({
      thresholds: { flagSeverity: "mild" },
      categoryThresholds: {},
      blockedTerms: ["durian"],
      allowedTerms: ["scunthorpe"],
    });
  });

  it("refuse bad thresholds with BAD_USER_INPUT and a readable message, changing nothing", async () => {
    const { alice, room } = await memberInRoom(api);
    await alice.client.ok(UPDATE, {
      id: room.id,
      input: { categoryThresholds: [{ category: "INSULT", reject: 0.5 }] },
    });
    const before = await alice.client.ok(READ, { id: room.id });

    // Against the service's defaults, whatever they are.
    const aboveThreatReject = Math.round((defaultCategoryThresholds.threat.reject + 0.01) * 100) / 100;
    const belowIdentityFlag = Math.round((defaultCategoryThresholds.identity_attack.flag - 0.1) * 100) / 100;
    const exactly = (message: string) => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
    const cases: { name: string; thresholds: unknown; message: RegExp }[] = [
      {
        name: "flag above reject, both given",
        thresholds: [{ category: "TOXICITY", flag: 0.9, reject: 0.8 }],
        message: /^toxicity: the flag threshold \(0\.9\) cannot be above the reject threshold \(0\.8\)\.$/,
      },
      {
        name: "flag above the default reject",
        thresholds: [{ category: "THREAT", flag: aboveThreatReject }],
        message: exactly(
          `threat: the flag threshold (${aboveThreatReject}) cannot be above the reject threshold (${defaultCategoryThresholds.threat.reject}).`,
        ),
      },
      {
        name: "reject below the default flag",
        thresholds: [{ category: "IDENTITY_ATTACK", reject: belowIdentityFlag }],
        message: exactly(
          `identity attack: the flag threshold (${defaultCategoryThresholds.identity_attack.flag}) cannot be above the reject threshold (${belowIdentityFlag}).`,
        ),
      },
      {
        name: "flag above the room's own reject",
        thresholds: [{ category: "INSULT", flag: 0.6 }],
        message: /^insult: the flag threshold \(0\.6\) cannot be above the reject threshold \(0\.5\)\.$/,
      },
      {
        name: "flag below 0.05",
        thresholds: [{ category: "TOXICITY", flag: 0.01 }],
        message: /^Invalid room policy: categoryThresholds\.toxicity\.flag: Too small: expected number to be >=0\.05$/,
      },
      {
        name: "flag of 0",
        thresholds: [{ category: "SELF_HARM", flag: 0 }],
        message: /^Invalid room policy: categoryThresholds\.self_harm\.flag: Too small: expected number to be >=0\.05$/,
      },
      {
        name: "reject above 1",
        thresholds: [{ category: "HARASSMENT", reject: 1.5 }],
        message: /^Invalid room policy: categoryThresholds\.harassment\.reject: Too big: expected number to be <=1$/,
      },
      {
        // Out of range, not "above the reject threshold (1)".
        name: "flag above 1",
        thresholds: [{ category: "SEXUAL_OBSCENE", flag: 1.2 }],
        message: /^Invalid room policy: categoryThresholds\.sexual_obscene\.flag: Too big: expected number to be <=1$/,
      },
      {
        name: "the same category twice",
        thresholds: [
          { category: "INSULT", flag: 0.3 },
          { category: "INSULT", reject: 0.9 },
        ],
        message: /^categoryThresholds lists insult more than once\.$/,
      },
      {
        name: "null",
        thresholds: null,
        message: /^categoryThresholds cannot be null: leave it out to keep its value\.$/,
      },
    ];
    for (const { name, thresholds, message } of cases) {
      const result = await alice.client.request(UPDATE, { id: room.id, input: { categoryThresholds: thresholds } });
      expect(result.data?.updateRoomPolicy ?? null, name).toBeNull();
      expect(result.errors?.[0]?.extensions?.["code"], name).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.extensions?.["field"], name).toMatch(/categoryThresholds/);
      expect(result.errors?.[0]?.message, name).toMatch(message);
    }
    expect(await alice.client.ok(READ, { id: room.id })).toEqual(before);
  });

  it("are the creator's to read and change, not a plain member's", async () => {
    const { alice, room } = await memberInRoom(api);
    const bob = await signUp(api.client);
    await bob.client.ok(JOIN_ROOM, { id: room.id });

    const read = await bob.client.ok(READ, { id: room.id });
    expect(read.room.policy).toBeNull();
    const update = await bob.client.request(UPDATE, {
      id: room.id,
      input: { categoryThresholds: [{ category: "INSULT", flag: 0.3 }] },
    });
    expect(update.errors?.[0]?.extensions?.["code"]).toBe("FORBIDDEN");
    expect((await alice.client.ok(READ, { id: room.id })).room.policy?.categoryThresholds).toEqual(defaults);
  });
});

describe("category thresholds, in the worker", () => {
  let worker: ModerationWorker;
  beforeAll(() => {
    worker = startWorker(api.stack);
  });
  afterAll(() => worker?.close());

  it("reads the stored policy the API wrote as the room's thresholds over the defaults", async () => {
    const { alice, room } = await memberInRoom(api);
    await alice.client.ok(UPDATE, {
      id: room.id,
      input: {
        categoryThresholds: [
          { category: "INSULT", flag: 0.3 },
          { category: "SELF_HARM", flag: 0.5, reject: 0.7 },
        ],
      },
    });
    const policy = roomPolicy(await storedPolicy(room.id), "POST");
    expect(policy.categoryThresholds).toEqual({
      ...defaultCategoryThresholds,
      insult: { flag: 0.3, reject: defaultCategoryThresholds.insult.reject },
      self_harm: { flag: 0.5, reject: 0.7 },
    });
  });

  it("flags and rejects a message by the room's thresholds", async () => {
    // A message no word rule catches, that the classifier reads as somewhat hostile: what happens to
    // it is only the room's thresholds' doing. Scores are not asserted: the model may be retrained.
    const text = "I really dislike how this meeting went, what a waste of time";
    const everyCategory = (values: { flag: number; reject: number }) =>
      moderationCategories.map((category) => ({ category: upper(category), ...values }));
    const rooms = {
      // 1 is never: the classifier alone flags nothing here.
      never: everyCategory({ flag: 1, reject: 1 }),
      flags: [{ category: "TOXICITY", flag: 0.05 }],
      rejects: [{ category: "TOXICITY", flag: 0.05, reject: 0.1 }],
    };
    const verdicts: Record<string, { status?: string; moderation: Record<string, unknown> | null }> = {};
    for (const [name, categoryThresholds] of Object.entries(rooms)) {
      const { alice, room } = await memberInRoom(api);
      await alice.client.ok(UPDATE, { id: room.id, input: { categoryThresholds } });
      const message = await send(alice.client, room.id, text);
      verdicts[name] = await waitForVerdict(sql, message.id);
    }

    expect(verdicts["never"]).toMatchObject({ status: "APPROVED", moderation: { reasons: [], evidence: [] } });
    expect(verdicts["flags"]).toMatchObject({
      status: "FLAGGED",
      moderation: {
        reasons: ["hostile or abusive language"],
        evidence: [expect.stringMatching(/^classifier: toxicity \d\.\d\d \(flags at 0\.05\)$/)],
      },
    });
    expect(verdicts["rejects"]).toMatchObject({
      status: "REJECTED",
      moderation: {
        reasons: ["hostile or abusive language"],
        evidence: [expect.stringMatching(/^classifier: toxicity \d\.\d\d \(rejects at 0\.1\)$/)],
      },
    });
  });
});
