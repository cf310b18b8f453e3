import { randomBytes } from "node:crypto";
import http from "node:http";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { serve, sleep } from "../ipc.ts";
import { encodeHistogram, newHistogram } from "../stats.ts";
import { type ClientParams, messageText, nowMicros, roomOf, SEND_MESSAGE } from "./protocol.ts";

/**
 * The publisher (forked): sends at a fixed rate, round-robin over the servers, and
 * stamps each message with its *scheduled* send time, so a server that falls behind
 * shows up as latency instead of a slower publisher. Each send resolves when the
 * server acknowledges it (ours: the sendMessage response, after the Postgres commit).
 */
/** Sends the index-th message of a step (its index picks the room: roomOf). */
type Send = (server: number, index: number, clientId: string, text: string) => Promise<void>;

const run = randomBytes(4).toString("hex");
let send: Send = () => Promise.reject(new Error("setup first"));
let servers = 1;
let closeAll = () => {};

/**
 * ours over graphql-ws: each send is a `subscribe` of the sendMessage mutation on an
 * authenticated socket, answered by `next` then `complete`. A few sockets per server,
 * so the operations in flight on one stay far below the server's per-socket cap.
 */
async function oursWsSender(params: ClientParams): Promise<Send> {
  const SOCKETS_PER_SERVER = 16;
  const token = params.tokens[0]!;
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const open = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", {
        perMessageDeflate: false,
      });
      socket.once("open", () =>
        socket.send(JSON.stringify({ type: "connection_init", payload: { authToken: token } })),
      );
      socket.once("error", reject);
      socket.once("close", (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
      socket.on("message", (data: Buffer) => {
        const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: unknown };
        if (message.type === "connection_ack") return resolve(socket);
        if (message.type === "ping") return socket.send(JSON.stringify({ type: "pong" }));
        const waiting = message.id === undefined ? undefined : pending.get(message.id);
        if (!waiting) return;
        const failed =
          message.type === "error" || (message.type === "next" && JSON.stringify(message.payload).includes('"errors"'));
        if (failed) waiting.reject(new Error(`${message.type}: ${JSON.stringify(message.payload).slice(0, 300)}`));
        else if (message.type === "complete") waiting.resolve();
        else return;
        pending.delete(message.id!);
      });
    });
  const sockets = await Promise.all(
    params.urls.map((url) => Promise.all(Array.from({ length: SOCKETS_PER_SERVER }, () => open(url)))),
  );
  closeAll = () => {
    for (const socket of sockets.flat()) socket.close();
  };
  let sent = 0;
  return (server, index, clientId, text) =>
    new Promise<void>((resolve, reject) => {
      pending.set(clientId, { resolve, reject });
      const roomId = roomOf(params, index).id;
      const payload = { query: SEND_MESSAGE, variables: { input: { roomId, text, clientId } } };
      const socket = sockets[server]![sent++ % SOCKETS_PER_SERVER]!;
      socket.send(JSON.stringify({ id: clientId, type: "subscribe", payload }));
    });
}

/** ours over HTTP: one POST per send, on keep-alive connections. */
function oursHttpSender(params: ClientParams): Send {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  closeAll = () => agent.destroy();
  const token = params.tokens[0]!;
  return (server, index, clientId, text) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        query: SEND_MESSAGE,
        variables: { input: { roomId: roomOf(params, index).id, text, clientId } },
      });
      const request = http.request(
        `${params.urls[server]}/graphql`,
        {
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const answer = Buffer.concat(chunks).toString();
            if (response.statusCode === 200 && !answer.includes('"errors"')) resolve();
            else reject(new Error(`HTTP ${response.statusCode}: ${answer.slice(0, 300)}`));
          });
        },
      );
      request.setTimeout(20_000, () => request.destroy(new Error("timeout")));
      request.on("error", reject);
      request.end(body);
    });
}

/** Bare ws: the server publishes {c, t} to Redis and answers with the clientId once Redis has it. */
async function bareWsSender(params: ClientParams): Promise<Send> {
  const acks = new Map<string, () => void>();
  const sockets = await Promise.all(
    params.urls.map(
      (url) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${url.replace(/^http/, "ws")}/publish`, { perMessageDeflate: false });
          socket.once("open", () => resolve(socket));
          socket.once("error", reject);
          socket.on("message", (data) => {
            const clientId = String(data);
            acks.get(clientId)?.();
            acks.delete(clientId);
          });
        }),
    ),
  );
  closeAll = () => {
    for (const socket of sockets) socket.close();
  };
  return (server, _index, clientId, text) =>
    new Promise<void>((resolve, reject) => {
      acks.set(clientId, resolve);
      sockets[server]!.send(JSON.stringify({ c: clientId, t: text }), (error) => error && reject(error));
    });
}

/** Socket.IO with its own client library: emit with an acknowledgement. */
async function socketIoSender(params: ClientParams): Promise<Send> {
  const sockets: Socket[] = await Promise.all(
    params.urls.map(
      (url) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
          socket.once("connect", () => resolve(socket));
          socket.once("connect_error", reject);
        }),
    ),
  );
  closeAll = () => {
    for (const socket of sockets) socket.disconnect();
  };
  return (server, _index, clientId, text) =>
    new Promise<void>((resolve, reject) => {
      sockets[server]!.timeout(20_000).emit("send", { c: clientId, t: text }, (error: Error | null) =>
        error ? reject(error) : resolve(),
      );
    });
}

type RunArgs = { step: number; rate: number; seconds: number };

async function publish({ step, rate, seconds }: RunArgs) {
  const total = Math.max(1, Math.round(rate * seconds));
  const rtt = newHistogram();
  const result = { attempted: total, ok: 0, failed: 0, unanswered: 0, lastError: "", maxLagMs: 0, seconds: 0 };
  let outstanding = 0;
  const startMicros = nowMicros();
  const intervalMicros = 1e6 / rate;
  let next = 0;
  // Bounded: the schedule ends after `seconds`, plus 5 s if this process itself falls behind.
  while (next < total && nowMicros() - startMicros < (seconds + 5) * 1e6) {
    const now = nowMicros();
    const due = Math.min(total, Math.floor((now - startMicros) / intervalMicros) + 1);
    for (; next < due; next++) {
      const scheduled = Math.round(startMicros + next * intervalMicros);
      result.maxLagMs = Math.max(result.maxLagMs, (now - scheduled) / 1000);
      const sentAt = nowMicros();
      outstanding++;
      send(next % servers, next, `b${run}-${step}-${next}`, messageText(step, next, scheduled)).then(
        () => {
          outstanding--;
          result.ok++;
          rtt.recordValue(Math.max(1, nowMicros() - sentAt));
        },
        (error: Error) => {
          outstanding--;
          result.failed++;
          result.lastError = error.message.slice(0, 300);
        },
      );
    }
    await sleep(1);
  }
  result.failed += total - next; // never sent: the schedule ran out of time
  result.seconds = (nowMicros() - startMicros) / 1e6;
  const deadline = Date.now() + 20_000;
  while (outstanding > 0 && Date.now() < deadline) await sleep(10);
  result.unanswered = outstanding;
  return { ...result, rtt: encodeHistogram(rtt) };
}

serve({
  setup: async (params: ClientParams) => {
    // Set up again (a reused process): the previous servers' sockets go first.
    closeAll();
    servers = params.urls.length;
    send =
      params.system === "ours"
        ? params.sendOver === "http"
          ? oursHttpSender(params)
          : await oursWsSender(params)
        : params.system === "bare-ws"
          ? await bareWsSender(params)
          : await socketIoSender(params);
  },
  run: publish,
  disconnect: () => closeAll(),
  close: () => {
    closeAll();
    setTimeout(() => process.exit(0), 50);
  },
});
