import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";
import { webPlugins } from "./vite.plugins.ts";

const require = createRequire(import.meta.url);

// The web package's tests on their own: `pnpm --filter @chatmod/web test`. The root
// config runs the same files (web/src/**/*.test.ts) with every other suite.
export default defineConfig({
  root: import.meta.dirname,
  plugins: webPlugins(),
  resolve: {
    // As in the root config: one graphql copy (Node's CommonJS build) for everyone.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
