// A ChatTransport whose answers the test scripts: queries and mutations are
// answered by handlers; subscriptions are subjects the test pushes into.
import { type Client, CombinedError, type OperationResult } from "@urql/core";
import type { DocumentNode } from "graphql";
import { makeSubject, onEnd, pipe, type Subject } from "wonka";
import type { ChatTransport } from "../graphql/client.ts";

type Variables = Record<string, unknown>;
type Answer = { data?: unknown; error?: CombinedError };
type Handler = (operation: string, variables: Variables) => Answer | Promise<Answer>;

export type FakeSubscription = {
  variables: Variables;
  ended: boolean;
  next(data: unknown): void;
  /** Ends the stream as a closed socket does (graphql-ws hands urql the CloseEvent). */
  close(code: number): void;
  fail(message: string, code: string, extensions?: Record<string, unknown>): void;
};

const nameOf = (document: DocumentNode) => {
  const operation = document.definitions.find((definition) => definition.kind === "OperationDefinition");
  return operation && "name" in operation ? (operation.name?.value ?? "") : "";
};

export class FakeTransport {
  readonly calls: { operation: string; variables: Variables }[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  connected = false;
  drops = 0;
  private readonly listeners = new Set<() => void>();

  private readonly handler: Handler;

  constructor(handler: Handler = () => ({ data: null })) {
    this.handler = handler;
  }

  /** Marks the socket open and tells whoever listens, as graphql-ws's `connected` event does. */
  connect(): void {
    this.connected = true;
    for (const listener of this.listeners) listener();
  }

  get last(): FakeSubscription {
    const last = this.subscriptions.at(-1);
    if (!last) throw new Error("no subscription yet");
    return last;
  }

  readonly transport: ChatTransport = {
    client: {
      query: (document: DocumentNode, variables: Variables) => this.answer(document, variables),
      mutation: (document: DocumentNode, variables: Variables) => this.answer(document, variables),
      subscription: (document: DocumentNode, variables: Variables) => this.subscribe(document, variables),
    } as unknown as Client,
    isConnected: () => this.connected,
    onConnected: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
    dropConnection: () => {
      this.drops += 1;
      this.connected = false;
    },
  };

  private answer(document: DocumentNode, variables: Variables) {
    const operation = nameOf(document);
    this.calls.push({ operation, variables });
    return { toPromise: async () => (await this.handler(operation, variables)) as OperationResult };
  }

  private subscribe(document: DocumentNode, variables: Variables) {
    this.calls.push({ operation: nameOf(document), variables });
    const subject: Subject<Answer> = makeSubject<Answer>();
    const entry: FakeSubscription = {
      variables,
      ended: false,
      next: (data) => subject.next({ data }),
      close: (code) => {
        subject.next({ error: new CombinedError({ networkError: { code, reason: "" } as unknown as Error }) });
        subject.complete();
      },
      fail: (message, code, extensions = {}) => {
        subject.next({
          error: new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extensions } }] }),
        });
        subject.complete();
      },
    };
    this.subscriptions.push(entry);
    return pipe(
      subject.source,
      onEnd(() => {
        entry.ended = true;
      }),
    );
  }
}

/** Lets pending promise callbacks run (the composables await their queries). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
