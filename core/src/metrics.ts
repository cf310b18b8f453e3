import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { z } from "zod";

// What the API and the worker share about Prometheus metrics: the settings, the listener, the common metrics.

/**
 * METRICS_PORT (0: no listener) and METRICS_HOST. The listener is separate from
 * the public port, so /metrics is never reachable through the proxy in front of
 * the API; it binds to loopback unless told otherwise (docker-compose: the internal network).
 */
export const metricsSettings = (defaultPort: number) => ({
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
  METRICS_HOST: z.string().default("127.0.0.1"),
});

/**
 * A registry of the process's own, never prom-client's global one: tests run
 * several replicas in one process, each with its own numbers.
 */
export function createRegistry(service: "api" | "worker"): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return registry;
}

/** Sizes of group-commit batches (items per flush): the buckets both processes use. */
export function batchSizeHistogram(registry: Registry, name: string, help: string): Histogram {
  return new Histogram({ name, help, buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers: [registry] });
}

/** Latency buckets in seconds, from a fast local commit (1 ms) to a backlog (30 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A node-postgres pool's connections (total, idle) and callers waiting for one, read at each scrape. */
export function poolMetrics(registry: Registry, pools: Record<string, pg.Pool>): void {
  const named = Object.entries(pools);
  new Gauge({
    name: "chatmod_pg_pool_connections",
    help: "Postgres connections of a pool, by state (total: open; idle: open and unused)",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      for (const [pool, { totalCount, idleCount }] of named) {
        this.set({ pool, state: "total" }, totalCount);
        this.set({ pool, state: "idle" }, idleCount);
      }
    },
  });
  new Gauge({
    name: "chatmod_pg_pool_waiting",
    help: "Callers waiting for a connection of a Postgres pool",
    labelNames: ["pool"] as const,
    registers: [registry],
    collect() {
      for (const [pool, { waitingCount }] of named) this.set({ pool }, waitingCount);
    },
  });
}

export type MetricsListener = { url: string; close(): Promise<void> };

/**
 * Serves the registry at GET /metrics, and nothing else, on a port of its own.
 * Node's default metrics (event-loop delay, heap, GC, CPU, handles) join the
 * registry here: a process that serves no metrics pays nothing for them.
 */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<MetricsListener> {
  if (!registry.getSingleMetric("process_cpu_seconds_total")) collectDefaultMetrics({ register: registry });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`${String(error)}\n`),
    );
  });
  // A scrape comes every few seconds: no connection is worth holding open between two.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
