import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import { webPlugins } from "./web/vite.plugins.ts";

const require = createRequire(import.meta.url);

// One run for every suite: unit tests next to their package, cross-package tests in test/.
export default defineConfig({
  // The web app's component tests import .vue files.
  plugins: webPlugins(),
  resolve: {
    // graphql 16 has no "exports" map: Node loads index.js, Vite would pick index.mjs, and two
    // GraphQLError classes break `instanceof` (errors would be masked). Everyone gets Node's copy.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql", { paths: ["./api"] }) }],
  },
  test: {
    include: [
      "core/test/**/*.test.ts",
      "api/test/**/*.test.ts",
      "worker/test/**/*.test.ts",
      "test/**/*.test.ts",
      "web/src/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "test/e2e/**"],
    globalSetup: ["test/helpers/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
