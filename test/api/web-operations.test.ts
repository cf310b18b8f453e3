// Every operation the web app sends passes the API's operation limits (depth,
// tokens, aliases, cost): those are checked on parse and validate, before any
// variable is read, so each document is sent as is and must not be refused for them.

import * as documents from "@chatmod/web/operations";
import { print } from "graphql";
import { expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";

const api = apiForFile();

const operations = Object.entries(documents).filter(([name]) => name.endsWith("Document"));

it("finds the web app's operations", () => {
  expect(operations.map(([name]) => name)).toEqual(
    expect.arrayContaining(["RoomHistoryDocument", "ModerationQueueDocument", "ModerationDecisionsDocument"]),
  );
});

it.each(operations)("%s is within the API's limits", async (_name, document) => {
  const response = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: print(document as Parameters<typeof print>[0]) }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  const refused = (body.errors ?? [])
    .map((error) => error.message)
    .filter((message) => /limit|exceeded/i.test(message));
  expect(refused).toEqual([]);
});
