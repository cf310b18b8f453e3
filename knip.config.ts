import type { KnipConfig } from "knip";

// Unused files, exports and dependencies fail `pnpm test`. Each workspace lists its entry points:
// what a script, a process or a tool starts. Knip's plugins add what their configs name (Vitest's
// test files and global setups, Vite's index.html, Prisma's schema); a new package is one more entry.
const config: KnipConfig = {
  // A constant or type used in its own module may be exported for the module's signatures to read well.
  ignoreExportsUsedInFile: true,
  // Started by a worker test as a separate Redis, from the machine's packages.
  ignoreBinaries: ["redis-server"],
  workspaces: {
    ".": {
      entry: ["scripts/*.ts"],
      // The root Vitest config resolves graphql from api/ on purpose: one copy for every package.
      ignoreDependencies: ["graphql"],
    },
    core: {
      // src/generated/ (Prisma's client, Pothos's types) is left out with the rest of .gitignore.
      entry: ["scripts/*.mjs", "test/**/*.test.ts"],
      // schema.prisma's Pothos generator is a binary of @pothos/plugin-prisma, not a package; the
      // generated client and Pothos types (ignored, like all of src/generated/) import the others.
      ignoreDependencies: ["prisma-pothos-types", "@pothos/core", "@pothos/plugin-prisma", "@prisma/client"],
    },
    api: {
      entry: ["test/**/*.test.ts"],
    },
    worker: {
      entry: ["test/**/*.test.ts"],
    },
    web: {
      entry: ["scripts/*.ts", "src/**/*.test.ts"],
    },
    test: {
      entry: [
        "**/*.test.ts",
        // The browser tests' own config and global setup (scripts/test.ts passes the config to Vitest).
        "e2e/vitest.config.ts",
        "e2e/build-web.ts",
        // Processes the bench forks by file name.
        "bench/load/{publisher,subscribers}.ts",
        "bench/systems/*-server.ts",
        // Run by hand: the API's CPU per send with traces off and on (README, Traces).
        "bench/tracing-cost.ts",
      ],
    },
  },
};

export default config;
