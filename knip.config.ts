import type { KnipConfig } from "knip";

// Unused files, exports and dependencies fail `pnpm test`. Each workspace lists its entry points:
// what a script, a process or a tool starts. Knip's plugins add what their configs name (Vitest's
// test files and global setups, Vite's index.html, Prisma's schema); a new package is one more entry.
const config: KnipConfig = {
  // A constant or type used in its own module may be exported for the module's signatures to read well.
  ignoreExportsUsedInFile: true,
  // Started by a worker test as a separate Redis, from the machine's packages.
  ignoreBinaries: ["redis-server"],
  // Found in web/ and still to be removed there: the RoomTimeline type is exported and never imported.
  ignoreIssues: { "web/src/composables/useRoomTimeline.ts": ["types"] },
  workspaces: {
    ".": {
      entry: ["scripts/*.ts"],
      // The root Vitest config resolves graphql from api/ on purpose: one copy for every package.
      ignoreDependencies: ["graphql"],
    },
    api: {
      // src/generated/ (Prisma's client, Pothos's types) is left out with the rest of .gitignore.
      entry: ["scripts/*.mjs", "test/**/*.test.ts"],
      // schema.prisma's Pothos generator: a binary of @pothos/plugin-prisma, not a package.
      ignoreDependencies: ["prisma-pothos-types"],
    },
    worker: {
      entry: ["test/**/*.test.ts"],
    },
    web: {
      entry: ["scripts/*.ts", "src/**/*.test.ts"],
      // Written by scripts/codegen.ts (and checked against the schema by src/codegen.test.ts).
      ignore: ["src/gql/**"],
      // Still to be removed from web/package.json: web/tsconfig.json gets it through ../tsconfig.base.json.
      ignoreDependencies: ["@tsconfig/strictest"],
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
      ],
    },
  },
};

export default config;
