import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { Duplex } from "node:stream";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";
import { controlServer } from "./control.ts";

/**
 * Baseline 1, the practical limit: `ws` servers relaying through Redis pub/sub,
 * no GraphQL, no database. The publishing server builds the event JSON once;
 * every server frames each Redis message once, concatenates the frames of one
 * Redis read, and writes that single buffer to each socket (one write per socket
 * per batch, straight to the TCP socket).
 */
const channel = `${process.env["BENCH_PREFIX"]}room`;
const redisUrl = process.env["REDIS_URL"]!;
const MAX_BACKLOG = 8 * 1024 * 1024; // bytes queued for one socket before it counts as too slow
const author = { id: randomUUID(), username: "publisher" };

const publisher = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const sockets = new Set<Duplex>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
const server = createServer((_request, response) => response.writeHead(404).end());
let seq = 0;

server.on("upgrade", (request, tcp: Duplex, head) => {
  wss.handleUpgrade(request, tcp, head, (socket) => {
    socket.on("error", () => {});
    if (request.url === "/publish") {
      socket.on("message", (data) => {
        const { c, t } = JSON.parse(String(data)) as { c: string; t: string };
        seq++;
        const event = JSON.stringify({
          seq,
          kind: "MESSAGE_ADDED",
          message: { id: randomUUID(), seq, clientId: c, text: t, createdAt: new Date().toISOString(), author },
        });
        publisher.publish(channel, event).then(
          () => socket.send(c),
          () => socket.close(1011),
        );
      });
    } else {
      sockets.add(tcp);
      socket.on("close", () => sockets.delete(tcp));
    }
  });
});

let batch: Buffer[] = [];
subscriber.on("messageBuffer", (_channel: Buffer, payload: Buffer) => {
  batch.push(textFrame(payload));
  // ioredis emits every message of one read synchronously; the microtask runs after the last.
  if (batch.length === 1) queueMicrotask(flush);
});

function flush(): void {
  const data = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
  batch = [];
  for (const tcp of sockets) {
    if (tcp.writableLength > MAX_BACKLOG) {
      sockets.delete(tcp);
      tcp.destroy();
    } else {
      tcp.write(data);
    }
  }
}

/** An unmasked, final WebSocket text frame (RFC 6455 §5.2). */
function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, header);
  return frame;
}

await subscriber.subscribe(channel);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address() as { port: number };
controlServer(`http://127.0.0.1:${address.port}`, async () => {
  for (const socket of wss.clients) socket.terminate();
  server.close();
  await Promise.allSettled([publisher.quit(), subscriber.quit()]);
});
