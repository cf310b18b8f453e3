import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL("../..", import.meta.url));

// The browser tests: `pnpm exec vitest run --config test/e2e/vitest.config.ts` from the repository root.
// Same template database and graphql alias as the root config; the web app is built once first.
export default defineConfig({
  root: repo,
  resolve: {
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql", { paths: [`${repo}/api`] }) }],
  },
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts", "test/e2e/build-web.ts"],
    pool: "forks",
    // Each file drives a browser against its own API replicas: one file at a time keeps timings honest.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
