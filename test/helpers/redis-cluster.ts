// A Redis Cluster of a test's own, on loopback: three masters, each with one replica, no
// persistence, in a temporary directory. The test may kill a node or fail one over.

import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { freePort } from "./free-port.ts";
import { waitFor } from "./wait.ts";

const run = promisify(execFile);

/** How long a node may be silent before the others count it failed (Redis's default is 15 s). */
const NODE_TIMEOUT_MS = 1_000;

export type ClusterNode = { port: number; process: ChildProcess };

export type TestRedisCluster = {
  /** REDIS_CLUSTER_NODES for the product: every node, `127.0.0.1:port,...`. */
  nodes: string;
  /** The ports of the nodes still running. */
  readonly ports: number[];
  /** A plain connection to the node on `port` (closed by destroy). */
  node(port: number): Redis;
  /** The port of the master that serves `key`'s slot now. */
  masterOf(key: string): Promise<number>;
  /** Kills the node on `port` at once (SIGKILL: a crash, nothing flushed or said to the others). */
  kill(port: number): void;
  /** Waits until every node still running reports cluster_state:ok. */
  healthy(timeoutMs?: number): Promise<void>;
  /** Kills every node and removes the directory; safe to call twice. */
  destroy(): Promise<void>;
};

export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "chatmod-redis-cluster-"));
  const nodes = new Map<number, ClusterNode>();
  const connections: Redis[] = [];
  const node = (port: number) => {
    const connection = new Redis(port, "127.0.0.1", { maxRetriesPerRequest: 1, retryStrategy: () => null });
    connection.on("error", () => {});
    connections.push(connection);
    return connection;
  };
  const running = () => [...nodes.values()].filter((each) => each.process.exitCode === null && !each.process.killed);
  const cluster: TestRedisCluster = {
    nodes: "",
    get ports() {
      return running().map(({ port }) => port);
    },
    node,
    async masterOf(key) {
      const [alive] = running();
      if (!alive) throw new Error("no node is running");
      const probe = node(alive.port);
      const slot = Number(await probe.call("CLUSTER", "KEYSLOT", key));
      const ranges = (await probe.call("CLUSTER", "SLOTS")) as [number, number, [string, number, string]][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`no master serves slot ${slot}`);
      return range[2][1];
    },
    kill(port) {
      nodes.get(port)?.process.kill("SIGKILL");
    },
    async healthy(timeoutMs = 20_000) {
      await waitFor(
        "every running Redis Cluster node to report cluster_state:ok",
        async () => {
          const states = await Promise.all(
            running().map(async ({ port }) => {
              const probe = node(port);
              const info = String(await probe.call("CLUSTER", "INFO").catch(() => ""));
              probe.disconnect();
              return /^cluster_state:ok\r?$/m.test(info);
            }),
          );
          return states.every(Boolean);
        },
        timeoutMs,
      );
    },
    async destroy() {
      for (const connection of connections.splice(0)) connection.disconnect();
      await Promise.all(
        [...nodes.values()].map(async ({ process }) => {
          if (process.exitCode !== null || process.signalCode !== null) return;
          const exited = new Promise((resolve) => process.once("exit", resolve));
          process.kill("SIGKILL");
          await exited;
        }),
      );
      nodes.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let index = 0; index < 6; index++) {
      // The cluster bus takes a port of its own (by default the node's + 10,000, which may be taken or past 65,535).
      const [port, busPort] = [await freePort(), await freePort()];
      const process = spawn(
        "redis-server",
        [
          ...["--port", String(port), "--bind", "127.0.0.1", "--cluster-port", String(busPort)],
          ...["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`],
          ...["--cluster-node-timeout", String(NODE_TIMEOUT_MS), "--save", "", "--appendonly", "no"],
          // A replica takes over however long ago it last heard from its master (an idle test cluster is quiet).
          ...["--cluster-replica-validity-factor", "0"],
          ...["--dir", dir, "--daemonize", "no"],
        ],
        { stdio: "ignore" },
      );
      nodes.set(port, { port, process });
    }
    await Promise.all(
      [...nodes.keys()].map((port) =>
        waitFor(`redis-server on port ${port}`, async () => {
          const probe = node(port);
          const answer = await probe.ping().catch(() => null);
          probe.disconnect();
          return answer === "PONG";
        }),
      ),
    );
    const addresses = [...nodes.keys()].map((port) => `127.0.0.1:${port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "1", "--cluster-yes"]);
    await cluster.healthy();
    cluster.nodes = addresses.join(",");
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
