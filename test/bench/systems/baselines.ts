import { randomBytes } from "node:crypto";
import { deleteRedisPrefix, reviveServers, type Server, type System, startServer } from "./system.ts";

const entries = {
  "bare-ws": new URL("./bare-ws-server.ts", import.meta.url),
  socketio: new URL("./socketio-server.ts", import.meta.url),
};

/** Two baseline servers sharing one Redis channel prefix. No database, no users. */
export async function startBaseline(name: "bare-ws" | "socketio", redisUrl: string): Promise<System> {
  const prefix = `bench${randomBytes(4).toString("hex")}:`;
  const env = { REDIS_URL: redisUrl, BENCH_PREFIX: prefix };
  const start = (serverName: string) => startServer(entries[name], serverName, env);
  const servers: Server[] = await Promise.all([start(`${name}-a`), start(`${name}-b`)]);
  return {
    name,
    redisUrl,
    servers,
    clientParams: async (only = servers, rooms = 1) => {
      if (rooms !== 1) throw new Error(`${name}: the baselines serve one room`);
      return {
        system: name,
        urls: only.map((server) => server.url),
        tokens: [],
        rooms: [{ id: "bench", afterSeq: null }],
      };
    },
    startServer: async (serverName) => {
      const server = await start(serverName);
      servers.push(server);
      return server;
    },
    revive: () => reviveServers(servers, start),
    stop: async () => {
      await Promise.all(servers.map((server) => server.child.stop()));
      await deleteRedisPrefix(redisUrl, prefix);
    },
  };
}
