import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { API_NODE_FLAGS } from "@chatmod/api/server/heap";
import { describe, expect, it } from "vitest";

const api = fileURLToPath(new URL("../../api", import.meta.url));

/** Runs the real entry point with an environment and returns what it printed and its exit code. */
function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ["src/main.ts"], {
    cwd: api,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "silent", PORT: "0", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe("starting the API", () => {
  it("names the variable and the value when Postgres cannot be reached", () => {
    const run = start({ DATABASE_URL: "postgresql://app:hunter2@127.0.0.1:1/chatmod" });
    expect(run.status).toBe(1);
    expect(run.output).toBe(
      "Cannot reach Postgres at DATABASE_URL=postgresql://app:***@127.0.0.1:1/chatmod: connect ECONNREFUSED 127.0.0.1:1",
    );
  });

  it("names the variable and the value when Redis cannot be reached", () => {
    const run = start({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(run.status).toBe(1);
    expect(run.output).toBe("Cannot reach Redis at REDIS_URL=redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1");
  });

  it("names the variable and the nodes when the Redis Cluster cannot be reached", () => {
    const run = start({ REDIS_CLUSTER_NODES: "127.0.0.1:1, 127.0.0.1:2" });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/^Cannot reach Redis Cluster at REDIS_CLUSTER_NODES=127\.0\.0\.1:1,127\.0\.0\.1:2: \S/);
  });

  it("says what is wrong with the cluster's nodes and the prefix", () => {
    const mixed = start({ REDIS_CLUSTER_NODES: "10.0.0.1:6379,rediss://:secret@10.0.0.2:6379" });
    expect(mixed.output).toBe(
      "Invalid configuration:\n  REDIS_CLUSTER_NODES: every node must use the same scheme, user and password",
    );
    const wrong = start({ REDIS_CLUSTER_NODES: "redis://:secret@10.0.0.1:6379/2", REDIS_PREFIX: "{chat}:" });
    expect(wrong.status).toBe(1);
    expect(wrong.output).toBe(
      [
        "Invalid configuration:",
        '  REDIS_CLUSTER_NODES: "redis://:***@10.0.0.1:6379/2" is not host:port or redis[s]://[user:password@]host:port (a cluster has database 0 only)',
        "  REDIS_PREFIX: may not contain { or }",
      ].join("\n"),
    );
  });

  it("reports every configuration problem at once", () => {
    const run = start({ PORT: "not-a-port", REDIS_URL: "nope", NODE_ENV: "production" });
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/Invalid configuration:/);
    expect(run.output).toMatch(/PORT/);
    expect(run.output).toMatch(/REDIS_URL/);
  });
});

describe("the API's Node flags", () => {
  const repo = fileURLToPath(new URL("../../", import.meta.url));
  const command = ["node", ...API_NODE_FLAGS, "src/main.ts"];

  it("are passed by every way of starting it", () => {
    const scripts = JSON.parse(readFileSync(`${repo}api/package.json`, "utf8")).scripts as Record<string, string>;
    expect(scripts["start"]).toBe(command.join(" "));
    const apiImage = readFileSync(`${repo}Dockerfile`, "utf8").split("FROM source AS api")[1] ?? "";
    expect(apiImage).toContain(`CMD ${JSON.stringify(command).replaceAll(",", ", ")}`);
    expect(readFileSync(`${repo}scripts/start.ts`, "utf8")).toContain(
      'command: ["node", ...API_NODE_FLAGS, "src/main.ts"]',
    );
  });
});
