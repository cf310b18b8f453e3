import { spawnSync } from "node:child_process";

/** Builds web/dist once per run, so the browser tests never see a stale bundle. */
export default function buildWeb(): void {
  // Vitest sets NODE_ENV=test, which would give Vite's build Vue's development runtime.
  const env = { ...process.env, NODE_ENV: "production" };
  const build = spawnSync("pnpm", ["--filter", "@chatmod/web", "build"], { encoding: "utf8", env });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
}
