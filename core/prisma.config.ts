import { defineConfig } from "prisma/config";

// The CLI reads the database URL here (Prisma 7 no longer reads it from schema.prisma).
// Read straight from the environment, not through src/env.ts: `prisma generate` loads this file while
// the image's dependency layer is built (Dockerfile), before any source is copied in.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "postgresql://postgres@127.0.0.1:5432/chatmod" },
});
