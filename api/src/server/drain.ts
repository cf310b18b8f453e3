import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The HTTP side of a drain. `server.close()` stops new connections, but a
 * kept-alive one keeps carrying new requests until it idles out. So once the
 * drain starts, a request that still arrives is refused (503, `Connection:
 * close`: the client retries elsewhere), and each request in flight closes its
 * connection once its response is written. The server then closes as soon as
 * the last response is out.
 */
export function createDrain() {
  let draining = false;
  const inFlight = new Set<ServerResponse>();

  return {
    /** Whether `req` may be served: false once draining, after answering it 503. */
    admit(_req: IncomingMessage, res: ServerResponse): boolean {
      if (draining) {
        res.writeHead(503, {
          "content-type": "application/json; charset=utf-8",
          connection: "close",
          "retry-after": "1",
        });
        res.end(JSON.stringify({ errors: [{ message: "The server is shutting down: try again." }] }));
        return false;
      }
      inFlight.add(res);
      res.once("close", () => inFlight.delete(res));
      return true;
    },
    start(): void {
      draining = true;
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader("connection", "close");
        else res.once("finish", () => res.socket?.end());
      }
    },
  };
}

export type Drain = ReturnType<typeof createDrain>;
