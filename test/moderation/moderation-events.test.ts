import { loadModerationEvent } from "@chatmod/api/live/moderation-events";
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { gql } from "../helpers/graphql.ts";
import { MODERATE_MESSAGES, SEND_MESSAGE } from "../helpers/operations.ts";
import { recordStatementsForFile } from "../helpers/sql-statements.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { collect, countListeners, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();
const statements = recordStatementsForFile();

type Live = {
  moderationEvents: {
    kind: string;
    at: string;
    moderator: { username: string } | null;
    decision: { toStatus: string; reason: string; moderator: { username: string } } | null;
    message: { text: string; author: { username: string } };
  };
};
const LIVE = gql<Live>(`subscription { moderationEvents {
  kind at moderator { username } decision { toStatus reason moderator { username } }
  message { text author { username } } } }`);

describe("moderators' live events", () => {
  it("tell every moderator who decided with one read per event, not one per moderator", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const sent = await alice.client.ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "borderline", clientId: crypto.randomUUID() },
    });
    const moderators = await Promise.all(Array.from({ length: 4 }, () => signUp(api.client)));
    await api.app.services.db.user.updateMany({
      where: { id: { in: moderators.map((each) => each.user.id) } },
      data: { role: "MODERATOR" },
    });
    const listening = countListeners(api, "moderation");
    const clients = moderators.map((each) => wsClient(api.wsUrl, each.token));
    const runs = clients.map((client) => collect(client, LIVE, {}));
    await listening.until(moderators.length);
    const [decider] = moderators;

    statements.length = 0;
    await decider?.client.ok(MODERATE_MESSAGES, {
      input: { messageIds: [sent.sendMessage.id], action: "REJECT", reason: "too close to the line" },
    });
    for (const [event] of await Promise.all(runs.map((run) => run.until(1))))
      expect(event?.moderationEvents).toMatchObject({
        moderator: { username: decider?.user.username },
        decision: {
          toStatus: "REJECTED",
          reason: "too close to the line",
          moderator: { username: decider?.user.username },
        },
        message: { text: "borderline", author: { username: alice.user.username } },
      });
    // Everything after the decision's commit: one statement for the message, its author, the audit row and
    // the moderator, shared by the four subscribers (the GraphQL layer reads nothing more).
    const afterCommit = statements.slice(statements.lastIndexOf("COMMIT") + 1);
    expect(afterCommit).toHaveLength(1);
    expect(afterCommit[0]).toMatch(
      /FROM "Message" m\s+JOIN "User" a .*\s+LEFT JOIN "ModerationDecision" d .*\s+LEFT JOIN "User"/,
    );
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it("load the audit row a decision names, people without their password hash, and no one for a report", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    const sent = await alice.client.ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "hello", clientId: crypto.randomUUID() },
    });
    const { db } = api.app.services;
    const mod = await signUp(api.client);
    await db.user.update({ where: { id: mod.user.id }, data: { role: "MODERATOR" } });
    const decide = MODERATE_MESSAGES;
    const messageIds = [sent.sendMessage.id];
    await mod.client.ok(decide, { input: { messageIds, action: "REJECT", reason: "first" } });
    await mod.client.ok(decide, { input: { messageIds, action: "RESTORE", reason: "second" } });
    const first = await db.moderationDecision.findFirstOrThrow({
      where: { messageId: sent.sendMessage.id, reason: "first" },
    });
    const base = { roomId: room.id, messageId: sent.sendMessage.id, at: new Date().toISOString() };

    const decided = await loadModerationEvent(db, {
      ...base,
      kind: "DECISION",
      moderatorId: mod.user.id,
      decisionId: first.id,
    });
    expect(decided?.decision).toMatchObject({ toStatus: "REJECTED", reason: "first" });
    expect(decided?.decision?.moderator).toEqual({
      id: mod.user.id,
      username: mod.user.username,
      role: "MODERATOR",
      createdAt: expect.any(Date),
    });
    expect(decided?.message?.author).not.toHaveProperty("passwordHash");
    expect(decided?.message?.moderationStatus).toBe("APPROVED"); // the message as it is now

    const reported = await loadModerationEvent(db, { ...base, kind: "REPORTED" });
    expect(reported?.decision).toBeNull();
    expect(reported?.message?.author.username).toBe(alice.user.username);
  });
});
