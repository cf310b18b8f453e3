import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { controlServer } from "./control.ts";

/**
 * Baseline 2, what people use instead: Socket.IO with @socket.io/redis-adapter.
 * WebSocket transport only (no polling, so no sticky sessions needed); a
 * publisher's "send" is broadcast to the room on every server, acknowledged
 * once emitted.
 */
const ROOM = "bench";
const redisUrl = process.env["REDIS_URL"]!;
const author = { id: randomUUID(), username: "publisher" };

const publisher = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const httpServer = createServer();
const io = new Server(httpServer, { transports: ["websocket"], serveClient: false, perMessageDeflate: false });
io.adapter(createAdapter(publisher, subscriber, { key: `${process.env["BENCH_PREFIX"]}socket.io` }));
let seq = 0;

io.on("connection", (socket) => {
  if (socket.handshake.query["room"] === ROOM) void socket.join(ROOM);
  socket.on("send", ({ c, t }: { c: string; t: string }, ack?: (ok: boolean) => void) => {
    seq++;
    io.to(ROOM).emit("event", {
      seq,
      kind: "MESSAGE_ADDED",
      message: { id: randomUUID(), seq, clientId: c, text: t, createdAt: new Date().toISOString(), author },
    });
    ack?.(true);
  });
});

await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
const address = httpServer.address() as { port: number };
controlServer(`http://127.0.0.1:${address.port}`, async () => {
  await io.close();
  await Promise.allSettled([publisher.quit(), subscriber.quit()]);
});
