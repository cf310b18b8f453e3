import { createServer } from "node:net";

// Below Linux's ephemeral range (32768-60999 by default): the kernel hands those out to every
// listen(0) and outgoing connection, so a port picked there and bound a moment later could be taken
// meanwhile (a CI run met EADDRINUSE so). Ports from this range are only ever taken by asking.
const FIRST = 20_000;
const COUNT = 12_000;
const ATTEMPTS = 50;

/** A TCP port on loopback that nothing listens on now: for a server a test starts itself. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${FIRST}-${FIRST + COUNT - 1} after ${ATTEMPTS} tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
