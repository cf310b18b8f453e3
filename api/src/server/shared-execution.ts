import {
  BREAK,
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { Viewer } from "../auth/sessions.ts";
import { InOrder, isPushable, type Pushable, pipeInto } from "../live/pushable.ts";
import { viewerClass } from "../moderation/visibility.ts";

/**
 * Subscriptions whose events are the same objects for every subscriber of a
 * replica (a room feed hands one event to all its local subscribers) execute
 * and serialize the selection once per event, operation and viewer class, not
 * once per subscriber: each event's result is pushed as UTF-8 JSON, the same
 * bytes for everyone who shares it, for the socket layer to frame. Two
 * subscribers share a result when their documents are equal, their variables
 * are equal apart from those only the root field's arguments use (e.g.
 * `afterSeq`, which shapes the source stream, not each event's payload), and
 * the visibility rules put them in the same class for that event (viewerClass:
 * moderator, the message's author, anyone else); an operation that selects a field
 * marked `perViewer` (viewerHasReported) runs once per viewer. Root subscription
 * resolvers must therefore not depend on their arguments (ours return the event).
 */
// The bytes themselves once they are known, so later subscribers of the class take them in the same turn.
const results = new WeakMap<object, Map<string, Map<Audience, Payload | Promise<Payload>>>>();

/** Who shares a result: a visibility class of the event's message, or one viewer alone (per-viewer fields). */
type Audience = string;
/** One event's execution result, serialized: a JSON object as UTF-8. */
export type Payload = Buffer;

export async function sharedSubscribe(
  args: ExecutionArgs,
  viewer: Viewer | null,
): Promise<Pushable<Payload> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return { ...source, errors: source.errors?.map(maskUnexpected) };
  // One string per subscription: its hash is computed once, not per event.
  const operationKey = describeOperation(args.document, args.operationName, args.variableValues);
  const selectsPerViewer = selectsPerViewerField(args.schema, args.document);
  const events: AsyncIterator<unknown> | Pushable<unknown> = isPushable(source)
    ? source
    : source[Symbol.asyncIterator]();

  return new SharedStream(args, viewer, operationKey, selectsPerViewer, events);
}

/** One per live subscription, for as long as it lives: a class, so its methods are shared, not closures of each. */
class SharedStream implements Pushable<Payload> {
  private readonly args: ExecutionArgs;
  private readonly viewer: Viewer | null;
  private readonly operationKey: string;
  private readonly selectsPerViewer: boolean;
  private readonly events: AsyncIterator<unknown> | Pushable<unknown>;

  constructor(
    args: ExecutionArgs,
    viewer: Viewer | null,
    operationKey: string,
    selectsPerViewer: boolean,
    events: AsyncIterator<unknown> | Pushable<unknown>,
  ) {
    this.args = args;
    this.viewer = viewer;
    this.operationKey = operationKey;
    this.selectsPerViewer = selectsPerViewer;
    this.events = events;
  }

  pipe(sink: (payload: Payload) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // An event still executing holds back the ones after it, so each subscriber keeps the order.
      const ordered = new InOrder(sink, (error) => this.failed(error, reject));
      pipeInto(this.events, (event) => ordered.push(this.resultFor(event)))
        .then(() => ordered.settled())
        .then(resolve, (error: unknown) => this.failed(error, reject));
    });
  }

  private failed(error: unknown, reject: (error: Error) => void): void {
    void this.return();
    reject(error instanceof Error ? error : new GraphQLError(String(error)));
  }

  async return(): Promise<void> {
    await this.events.return?.();
  }

  private resultFor(event: unknown): Payload | Promise<Payload> {
    if (typeof event !== "object" || event === null) return executeEvent(this.args, event);
    let byOperation = results.get(event);
    if (!byOperation) {
      byOperation = new Map();
      results.set(event, byOperation);
    }
    let byClass = byOperation.get(this.operationKey);
    if (!byClass) {
      byClass = new Map();
      byOperation.set(this.operationKey, byClass);
    }
    const audience = this.selectsPerViewer
      ? `viewer:${this.viewer?.id ?? ""}`
      : viewerClass(messageOf(event), this.viewer);
    let result = byClass.get(audience);
    if (result === undefined) {
      result = executeEvent(this.args, event);
      byClass.set(audience, result);
      const shared = byClass;
      // A failure reaches every subscriber through the promise itself.
      if (result instanceof Promise)
        result.then(
          (payload) => shared.set(audience, payload),
          () => {},
        );
    }
    return result;
  }
}

/** graphql-js's own execution of one event, as its subscribe would do, with unexpected errors masked; as JSON. */
function executeEvent(args: ExecutionArgs, event: unknown): Payload | Promise<Payload> {
  const serialize = (result: ExecutionResult): Payload =>
    Buffer.from(JSON.stringify(result.errors ? { ...result, errors: result.errors.map(maskUnexpected) } : result));
  const result = execute({ ...args, rootValue: event });
  return result instanceof Promise ? result.then(serialize) : serialize(result);
}

/** The message an event is about, if any (a room change is about none): its author is a class of their own. */
function messageOf(event: object): { authorId: string } | undefined {
  return (event as { message?: { authorId: string } }).message;
}

/**
 * Spread into a field whose value differs from one viewer to the next beyond the visibility
 * classes (what the viewer reported, joined or may read; whether it created the room). A test
 * finds the fields that read the viewer: test/api/per-viewer-fields.test.ts.
 */
export const perViewer = { extensions: { perViewer: true } } as const;

/** Whether any field the document selects, in fragments and nested selections too, is marked perViewer. */
function selectsPerViewerField(schema: GraphQLSchema, document: DocumentNode): boolean {
  // Documents are parsed once and cached by Yoga: thousands of subscribers walk one document once.
  const known = perViewerDocuments.get(schema) ?? new WeakMap<DocumentNode, boolean>();
  perViewerDocuments.set(schema, known);
  const selects = known.get(document) ?? walkForPerViewerField(schema, document);
  known.set(document, selects);
  return selects;
}

const perViewerDocuments = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();

function walkForPerViewerField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: () => {
        if (!typeInfo.getFieldDef()?.extensions["perViewer"]) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  return found;
}

const operationKeys = new WeakMap<
  DocumentNode,
  { sourceOnly: Set<string>; text: string; withoutVariables: Map<string, string> }
>();

/** The key that subscribers sharing results have in common. */
function describeOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
): string {
  let known = operationKeys.get(document);
  if (!known) {
    known = {
      sourceOnly: sourceOnlyVariables(document),
      text: JSON.stringify(document.loc?.source.body ?? document),
      withoutVariables: new Map(),
    };
    operationKeys.set(document, known);
  }
  const payloadVariables = Object.entries((variables ?? {}) as Record<string, unknown>)
    .filter(([name]) => !known.sourceOnly.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const key = `${operationName ?? ""}\n${known.text}\n${JSON.stringify(payloadVariables)}`;
  if (payloadVariables.length > 0) return key;
  // The usual case (a room feed's variables only shape its source): one string for all its
  // subscriptions, each of which keeps its key as long as it lives.
  const shared = known.withoutVariables.get(key) ?? key;
  known.withoutVariables.set(key, shared);
  return shared;
}

/** Variables used by the root fields' arguments and nowhere in their selections. */
function sourceOnlyVariables(document: DocumentNode): Set<string> {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const inArguments = new Set<string>();
  const inSelections = new Set<string>();
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const argument of selection.arguments ?? [])
      visit(argument, { Variable: (node) => void inArguments.add(node.name.value) });
    if (selection.selectionSet)
      visit(selection.selectionSet, { Variable: (node) => void inSelections.add(node.name.value) });
    for (const directive of selection.directives ?? [])
      visit(directive, { Variable: (node) => void inSelections.add(node.name.value) });
  }
  return new Set([...inArguments].filter((name) => !inSelections.has(name)));
}

/** Errors the API raised on purpose pass; anything else would reveal internals. */
function maskUnexpected(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  if (cause === undefined || cause === null || cause instanceof GraphQLError) return error;
  return new GraphQLError("Unexpected error.", {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
}
