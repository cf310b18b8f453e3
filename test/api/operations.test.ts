import { readFileSync } from "node:fs";
import { printedSchema, schemaFile } from "@chatmod/api/schema/print";
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp } from "../helpers/stack.ts";
import { collect, ROOM_EVENTS, wsClient } from "../helpers/subscriptions.ts";

const api = apiForFile();

describe("operations", () => {
  it("the committed schema.graphql matches the code (run `pnpm schema:print` after changing the schema)", () => {
    expect(readFileSync(schemaFile, "utf8")).toBe(printedSchema());
  });

  it("answers /health and /ready", async () => {
    expect(await (await fetch(`${api.url}/health`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", postgres: "up", redis: "up" });
  });

  it("reports not ready when Redis is unreachable", async () => {
    const broken = await api.stack.startApi({ REDIS_URL: "redis://127.0.0.1:1" });
    const ready = await fetch(`${broken.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ postgres: "up", redis: "down" });
    await api.stack.stopApi(broken);
  });

  it("echoes a request id", async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-123" },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
  });

  it("drains on stop: sockets get 1001, in-flight requests finish", async () => {
    const draining = await api.stack.startApi();
    const alice = await signUp(draining.client);
    const room = await createRoom(alice.client);
    const socket = wsClient(draining.wsUrl, alice.token);
    const closes: number[] = [];
    socket.on("closed", (event) => closes.push((event as { code: number }).code));
    const sub = collect(socket, ROOM_EVENTS, { roomId: room.id, afterSeq: 0 });
    await draining.client.as(alice.token).ok(SEND_MESSAGE, {
      input: { roomId: room.id, text: "hi", clientId: crypto.randomUUID() },
    });
    await sub.until(1);
    // A registration hashes a password (tens of milliseconds) right after the sign-up limit: stop
    // begins as it reaches the limit, so the registration is still running.
    const { rateLimiter } = draining.app.services;
    const hit = rateLimiter.hit.bind(rateLimiter);
    const signingUp = new Promise<void>((resolve) => {
      rateLimiter.hit = (rule, key) => {
        if (rule.name === "signup") resolve();
        return hit(rule, key);
      };
    });
    const inFlight = draining.client.request(
      `mutation($input: CredentialsInput!) { register(input: $input) { user { username } } }`,
      { input: { username: "latecomer", password: "a long password" } },
    );
    await signingUp;
    await api.stack.stopApi(draining);
    expect((await inFlight).data).toEqual({ register: { user: { username: "latecomer" } } });
    await sub.settled();
    expect(closes).toContain(1001);
    await expect(fetch(`${draining.url}/health`)).rejects.toThrow();
  });
});
