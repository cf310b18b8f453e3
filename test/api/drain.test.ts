// A SIGTERM drain over HTTP: nothing new is served once it starts, what is in flight is answered
// and its connection closed, and the replica is gone as soon as the last answer is out.

import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApi, TestStack } from "../helpers/stack.ts";

let stack: TestStack;
beforeAll(async () => {
  stack = await TestStack.create();
});
afterAll(() => stack.close());

/** A raw kept-alive connection: what was read from it so far, and whether the server closed it. */
async function connection(api: TestApi) {
  const { port } = new URL(api.url);
  const socket: Socket = connect(Number(port), "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const state = { read: "", closed: false };
  socket.on("data", (chunk: Buffer) => {
    state.read += chunk.toString();
  });
  socket.on("close", () => {
    state.closed = true;
  });
  socket.on("error", () => {});
  return { socket, state };
}

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("draining HTTP", () => {
  it("answers what is in flight with Connection: close, serves nothing new, and stops right after", async () => {
    const api = await stack.startApi();
    const busy = await connection(api);
    const idle = await connection(api);
    // The idle one has been used: the server keeps it alive.
    idle.socket.write("GET /health HTTP/1.1\r\nHost: api\r\n\r\n");
    await until(() => idle.state.read.includes(`"status":"ok"`), "the first answer");
    expect(idle.state.read).toMatch(/^HTTP\/1\.1 200/);
    idle.state.read = "";

    // A request in flight: its body is still coming when the drain starts.
    const body = JSON.stringify({ query: "{ __typename }" });
    busy.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    busy.socket.write(body.slice(0, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let stopped = false;
    const stopping = api.app.stop().then(() => {
      stopped = true;
    });

    // A new request on the kept-alive connection is refused (or finds it closed), never served.
    idle.socket.write("GET /health HTTP/1.1\r\nHost: api\r\n\r\n");
    await until(() => idle.state.closed, "the idle connection to close");
    if (idle.state.read) expect(idle.state.read).toMatch(/^HTTP\/1\.1 503[\s\S]*connection: close/i);
    expect(stopped).toBe(false);

    // The request in flight is answered in full, and its connection closes after it.
    busy.socket.write(body.slice(5));
    await until(() => busy.state.closed, "the busy connection to close");
    expect(busy.state.read).toMatch(/^HTTP\/1\.1 200[\s\S]*connection: close[\s\S]*"__typename":"Query"/i);
    const answeredAt = Date.now();
    await stopping;
    expect(Date.now() - answeredAt).toBeLessThan(2_000);
  });
});
