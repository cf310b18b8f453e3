import { afterAll, beforeAll } from "vitest";
import { type TestApi, TestStack } from "./stack.ts";

/** One API replica and the stack it runs on, shared by the tests of one file. */
export type FileApi = TestApi & { readonly stack: TestStack };

/**
 * Gives the calling test file its own TestStack with one API replica: created in
 * the file's beforeAll, closed in its afterAll. Call it at the top of the file.
 * The handle is filled when beforeAll runs, so read it in tests and hooks only.
 */
export function apiForFile(): FileApi {
  let stack: TestStack | undefined;
  let replica: TestApi | undefined;
  beforeAll(async () => {
    stack = await TestStack.create();
    replica = await stack.startApi();
  });
  afterAll(() => stack?.close());

  const started = () => filled(replica);
  return {
    get stack() {
      return filled(stack);
    },
    get app() {
      return started().app;
    },
    get url() {
      return started().url;
    },
    get wsUrl() {
      return started().wsUrl;
    },
    get client() {
      return started().client;
    },
    get env() {
      return started().env;
    },
  };
}

/** A value a file's beforeAll sets; reading it earlier is a mistake in the test, so say so. */
export function filled<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("read before beforeAll ran: use it inside a test or a hook");
  return value;
}
