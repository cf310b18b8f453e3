import { type AddressInfo, connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { checkRawSocket, FrameWriter } from "../src/server/frames.ts";

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A ws server whose first connection is handed to `onSocket`, and a ws client that collects what it receives. */
async function connected(count: number, onSocket: (socket: WebSocket) => void): Promise<string[]> {
  const server = new WebSocketServer({ port: 0, perMessageDeflate: false });
  servers.push(server);
  server.on("connection", onSocket);
  await new Promise((resolve) => server.once("listening", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  return new Promise((resolve, reject) => {
    client.on("error", reject);
    client.on("message", (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(String(data));
      if (received.length === count) resolve(received);
    });
  });
}

describe("frame writer", () => {
  it("frames messages of every length class, written together, so a standard client reads them whole and in order", async () => {
    // 7-bit, 16-bit and 64-bit payload lengths, plus multi-byte UTF-8 and a message made of several parts.
    const texts = ["hi", "é".repeat(300), "x".repeat(70_000), "ünïcødé ✓"];
    const received = await connected(texts.length + 1, (socket) => {
      const frames = new FrameWriter();
      for (const text of texts) frames.write(socket, Buffer.from(text));
      frames.write(socket, Buffer.from("{"), Buffer.from('"a":1'), Buffer.from("}"));
    });
    expect(received).toEqual([...texts, '{"a":1}']);
  });

  it("keeps frames of later turns after earlier ones", async () => {
    const received = await connected(3, (socket) => {
      const frames = new FrameWriter();
      frames.write(socket, Buffer.from("1"));
      setImmediate(() => {
        frames.write(socket, Buffer.from("2"));
        frames.write(socket, Buffer.from("3"));
      });
    });
    expect(received).toEqual(["1", "2", "3"]);
  });

  it("writes nothing after the close frame of a socket closed in the same turn", async () => {
    const server = new WebSocketServer({ port: 0, perMessageDeflate: false });
    servers.push(server);
    server.on("connection", (socket) => {
      const frames = new FrameWriter();
      frames.write(socket, Buffer.from("before"));
      socket.close(1000, "bye");
      frames.write(socket, Buffer.from("after"));
    });
    await new Promise((resolve) => server.once("listening", resolve));
    // A raw TCP client: a WebSocket client stops reading at the close frame and would hide what follows it.
    const { port } = server.address() as AddressInfo;
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const tcp = connect(port, "127.0.0.1", () =>
        tcp.write(
          "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        ),
      );
      const chunks: Buffer[] = [];
      tcp.on("data", (chunk) => chunks.push(chunk));
      tcp.on("error", reject);
      // ws waits for the client's close frame, then ends the connection; 300 ms is long enough for both writes.
      setTimeout(() => {
        tcp.destroy();
        resolve(Buffer.concat(chunks));
      }, 300);
    });
    const frames = bytes.subarray(bytes.indexOf("\r\n\r\n") + 4);
    // The first frame is the server's close (opcode 8) and nothing comes after it.
    expect(frames[0]).toBe(0x88);
    expect(frames.length).toBe(2 + frames[1]!);
  });

  it("while busy, holds later frames until the coalescing interval is over and writes them together", async () => {
    const writes: number[] = [];
    let heldAfterOneTurn: number[] = [];
    const received = await connected(4, (socket) => {
      const raw = (socket as unknown as { _socket: { write: (chunk: Buffer) => boolean } })._socket;
      const write = raw.write.bind(raw);
      raw.write = (chunk) => {
        writes.push(chunk.length);
        return write(chunk);
      };
      const frames = new FrameWriter(40);
      // Quiet until now: the first frame goes out in this turn's flush.
      frames.write(socket, Buffer.from("1"));
      setTimeout(() => {
        frames.write(socket, Buffer.from("2"));
        setImmediate(() => {
          heldAfterOneTurn = [...writes];
          frames.write(socket, Buffer.from("3"));
          frames.write(socket, Buffer.from("4"));
        });
      }, 5);
    });
    expect(received).toEqual(["1", "2", "3", "4"]);
    expect(heldAfterOneTurn).toHaveLength(1);
    // "2", "3" and "4" arrived in different turns and left in one write.
    expect(writes).toEqual([3, 9]);
  });

  it("writes a frame that follows a quiet spell in the same turn, even with coalescing on", async () => {
    const writes: number[] = [];
    const received = await connected(2, (socket) => {
      const frames = new FrameWriter(20);
      frames.write(socket, Buffer.from("1"));
      setTimeout(() => {
        frames.write(socket, Buffer.from("2"));
        const raw = (socket as unknown as { _socket: { bytesWritten: number } })._socket;
        const before = raw.bytesWritten;
        setImmediate(() => writes.push(raw.bytesWritten - before));
      }, 60);
    });
    expect(received).toEqual(["1", "2"]);
    expect(writes).toEqual([3]);
  });

  it("spaces flushes by five times the last one's duration, so a slow flush is followed by fuller writes", async () => {
    const writes: { bytes: number; at: number }[] = [];
    const received = await connected(3, (socket) => {
      const raw = (socket as unknown as { _socket: { write: (chunk: Buffer) => boolean } })._socket;
      const write = raw.write.bind(raw);
      raw.write = (chunk) => {
        const started = performance.now();
        // The first flush is slow (think: thousands of sockets): 3 ms.
        if (writes.length === 0) while (performance.now() - started < 3);
        writes.push({ bytes: chunk.length, at: started });
        return write(chunk);
      };
      const frames = new FrameWriter(0);
      frames.write(socket, Buffer.from("1"));
      setImmediate(() => {
        frames.write(socket, Buffer.from("2"));
        setImmediate(() => frames.write(socket, Buffer.from("3")));
      });
    });
    expect(received).toEqual(["1", "2", "3"]);
    // "2" and "3" came in different turns, and waited out 5 x 3 ms for one write together.
    expect(writes.map(({ bytes }) => bytes)).toEqual([3, 6]);
    expect(writes[1]!.at - writes[0]!.at).toBeGreaterThanOrEqual(14);
  });

  it("drops what a socket's flush holds and reports the socket once its unsent bytes pass the bound", async () => {
    let reported: (socket: WebSocket) => void = () => {};
    const overflow = new Promise<WebSocket>((resolve) => {
      reported = resolve;
    });
    let server: WebSocket | undefined;
    const received = await connected(1, (socket) => {
      server = socket;
      const frames = new FrameWriter(0, 1_000, (slow) => reported(slow));
      frames.write(socket, Buffer.from("kept"));
      setTimeout(() => {
        // A reader that stopped reading: its TCP socket holds more than the bound.
        const raw = (socket as unknown as { _socket: object })._socket;
        Object.defineProperty(raw, "writableLength", { value: 5_000, configurable: true });
        const written = (raw as { bytesWritten: number }).bytesWritten;
        frames.write(socket, Buffer.from("dropped"));
        frames.write(socket, Buffer.from("dropped too"));
        setImmediate(() => expect((raw as { bytesWritten: number }).bytesWritten).toBe(written));
      }, 20);
    });
    expect(received).toEqual(["kept"]);
    expect(await overflow).toBe(server);
  });

  it("is refused at startup by a ws that keeps its TCP socket elsewhere, where every frame would be dropped", () => {
    // The ws this package pins passes, so a writer (made when the server starts) can be made.
    expect(() => new FrameWriter()).not.toThrow();
    const moved = Object.create(WebSocket.prototype) as WebSocket;
    expect(() => checkRawSocket(moved)).toThrow(/no TCP socket in `_socket`.*ws version pinned in package\.json/);
  });

  it("finds the TCP socket of a connected server socket too", async () => {
    const received = await connected(1, (socket) => {
      checkRawSocket(socket);
      new FrameWriter().write(socket, Buffer.from("written"));
    });
    expect(received).toEqual(["written"]);
  });
});
