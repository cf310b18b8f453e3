import WebSocket from "ws";
import { emit, serve, sleep } from "../ipc.ts";
import { encodeHistogram, type Histogram, newHistogram } from "../stats.ts";
import { type ClientParams, isLaterEvent, nowMicros, ROOM, ROOM_EVENTS, readStamp, roomOf } from "./protocol.ts";

/**
 * A subscriber worker (forked): holds its share of the sockets and measures every
 * delivery. Each system's wire protocol is spoken directly on `ws` (graphql-ws's
 * graphql-transport-ws, Socket.IO's engine.io v4, plain frames), and deliveries
 * are recognised by the stamp in the raw frame, so the client side costs the
 * same for all three systems and stays small next to the servers.
 */
type Subscriber = { socket: WebSocket; seen: Uint8Array | null };

const subscribers: Subscriber[] = [];
let step = -1;
let stepSize = 0;
let counts = { received: 0, unique: 0, duplicates: 0, laterEvents: 0, stale: 0, withAny: 0 };
let latency = newHistogram();
/** When a step asks for slices: latency by the part of the step each message was sent in (its index). */
let sliceLatency: Histogram[] = [];
const problems = { closed: 0, errors: 0, last: "" };
let closing = false;

function deliver(subscriber: Subscriber, frame: Buffer): boolean {
  const stamp = readStamp(frame);
  if (!stamp) return false;
  if (stamp.step !== step || stamp.index >= stepSize) {
    counts.stale++;
    return true;
  }
  // A later event of a message already delivered (its verdict, with the worker running) carries the
  // same text: it is counted apart, neither a delivery nor a duplicate.
  if (isLaterEvent(frame)) {
    counts.laterEvents++;
    return true;
  }
  counts.received++;
  if (!subscriber.seen) {
    subscriber.seen = new Uint8Array(stepSize);
    counts.withAny++;
  }
  if (subscriber.seen[stamp.index]) {
    counts.duplicates++;
    return true;
  }
  subscriber.seen[stamp.index] = 1;
  counts.unique++;
  const micros = Math.max(1, nowMicros() - stamp.sendMicros);
  latency.recordValue(micros);
  if (sliceLatency.length > 0)
    sliceLatency[Math.floor((stamp.index * sliceLatency.length) / stepSize)]!.recordValue(micros);
  return true;
}

function problem(text: string): void {
  problems.errors++;
  problems.last = text.slice(0, 300);
}

/** Opens one subscriber; resolves once it is subscribed as far as the protocol tells (ours: after connection_ack). */
function open(params: ClientParams, server: number, index: number, localAddress?: string): Promise<void> {
  const base = params.urls[server]!.replace(/^http/, "ws");
  const options = { perMessageDeflate: false, ...(localAddress ? { localAddress } : {}) };
  const socket =
    params.system === "ours"
      ? new WebSocket(`${base}/graphql`, "graphql-transport-ws", options)
      : params.system === "socketio"
        ? new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket&room=${ROOM}`, options)
        : new WebSocket(`${base}/subscribe`, options);
  const subscriber: Subscriber = { socket, seen: null };
  subscribers.push(subscriber);

  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("not subscribed within 60 s")), 60_000);
    const ready = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.on("error", (error) => problem(`socket error: ${error.message}`));
    socket.on("close", (code, reason) => {
      clearTimeout(timer);
      reject(new Error(`closed ${code} ${reason}`));
      if (!closing) {
        problems.closed++;
        problems.last = `closed ${code} ${String(reason)}`;
      }
    });
    socket.on("open", () => {
      if (params.system === "bare-ws") ready();
      if (params.system === "ours")
        socket.send(JSON.stringify({ type: "connection_init", payload: { authToken: tokenFor(params, index) } }));
    });
    socket.on("message", (data: Buffer) => {
      if (deliver(subscriber, data)) return;
      if (params.system === "ours") return onGraphqlWs(socket, data, roomOf(params, index), ready);
      if (params.system === "socketio") return onEngineIo(socket, String(data), ready);
    });
  });
}

const tokenFor = (params: ClientParams, index: number) => params.tokens[index % params.tokens.length];

function onGraphqlWs(
  socket: WebSocket,
  data: Buffer,
  room: { id: string; afterSeq: number | null },
  ready: () => void,
): void {
  const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
  if (message.type === "connection_ack") {
    const variables = { roomId: room.id, afterSeq: room.afterSeq };
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: ROOM_EVENTS, variables } }));
    ready();
  } else if (message.type === "ping") {
    socket.send(JSON.stringify({ type: "pong" }));
  } else if (message.type === "next" && !JSON.stringify(message.payload).includes('"errors"')) {
    // Another event of the room that carries no stamp: a verdict that masked the message, say.
  } else if (message.type !== "pong") {
    problem(`graphql-ws ${message.type}: ${JSON.stringify(message.payload)}`);
  }
}

/** engine.io v4 over a WebSocket: "0" open, "2" ping, "40" namespace connected, "42" event. */
function onEngineIo(socket: WebSocket, text: string, ready: () => void): void {
  if (text === "2") socket.send("3");
  else if (text.startsWith("0")) socket.send("40");
  else if (text.startsWith("40")) ready();
  else problem(`socket.io ${text}`);
}

async function closeSockets(): Promise<void> {
  closing = true;
  for (const { socket } of subscribers) socket.close(1000);
  const deadline = Date.now() + 5_000;
  while (subscribers.some(({ socket }) => socket.readyState !== WebSocket.CLOSED) && Date.now() < deadline)
    await sleep(50);
  for (const { socket } of subscribers) socket.terminate();
}

type ConnectArgs = {
  params: ClientParams;
  count: number;
  /** Global index of this worker's first subscriber: subscriber g goes to server g % servers. */
  offset: number;
  localAddress?: string;
  concurrency: number;
};

async function connect({ params, count, offset, localAddress, concurrency }: ConnectArgs) {
  const started = performance.now();
  let next = 0;
  let connected = 0;
  let failed = 0;
  const lane = async () => {
    while (next < count) {
      const index = offset + next++;
      try {
        await open(params, index % params.urls.length, index, localAddress);
        connected++;
      } catch (error) {
        failed++;
        problem(`connect: ${(error as Error).message}`);
      }
      if ((connected + failed) % 500 === 0) emit("progress", { connected, failed });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { connected, failed, seconds: (performance.now() - started) / 1000 };
}

serve({
  connect,
  /** Starts counting a new step of `size` messages. */
  step: ({ step: id, size, slices = 0 }: { step: number; size: number; slices?: number }) => {
    step = id;
    stepSize = size;
    counts = { received: 0, unique: 0, duplicates: 0, laterEvents: 0, stale: 0, withAny: 0 };
    latency = newHistogram();
    sliceLatency = Array.from({ length: slices }, newHistogram);
    for (const subscriber of subscribers) subscriber.seen = null;
  },
  count: () => ({ ...counts, open: subscribers.length - problems.closed }),
  report: () => ({
    ...counts,
    ...problems,
    latency: encodeHistogram(latency),
    slices: sliceLatency.map(encodeHistogram),
  }),
  close: async () => {
    await closeSockets();
    setTimeout(() => process.exit(0), 50);
  },
  /** Closes the sockets but keeps the process (and its warm code) for the next `connect`. */
  disconnect: async () => {
    await closeSockets();
    subscribers.length = 0;
    Object.assign(problems, { closed: 0, errors: 0, last: "" });
    closing = false;
  },
});
