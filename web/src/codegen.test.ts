import { expect, it } from "vitest";
import { generateClient, readGenerated } from "../scripts/codegen.ts";

it("has typed operations (src/gql) up to date with schema.graphql and src/graphql/operations", async () => {
  // Stale? Run `pnpm --filter @chatmod/web codegen` and commit src/gql.
  const expected = await generateClient();
  expect(readGenerated()).toEqual(expected);
}, 30_000);
