import { buildApp } from "./app.ts";
import { ConfigError, parseEnv } from "./env.ts";
import { tuneHeapForLatency } from "./server/heap.ts";
import { checkServices } from "./startup.ts";

// Parse config, check Postgres and Redis, migrate, serve; SIGTERM drains.
try {
  tuneHeapForLatency();
  const env = parseEnv();
  await checkServices(env);
  const app = buildApp(env);
  const url = await app.start();
  app.services.log.info({ url: `${url}/graphql` }, `API listening on ${url}/graphql`);
  // A metrics port already taken is reported, not fatal: the API serves on without metrics.
  if (env.METRICS_PORT > 0)
    void app.startMetrics().then(
      (metricsUrl) => app.services.log.info({ url: metricsUrl }, `metrics at ${metricsUrl}`),
      (error: unknown) => app.services.log.error({ err: error }, "metrics not served"),
    );
  const shutdown = () => void app.stop().then(() => process.exit(0));
  // Repeated signals (a second Ctrl-C, forwarded by a wrapper) must not cut the drain short.
  let draining = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.on(signal, () => {
      if (!draining) shutdown();
      draining = true;
    });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
