import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  visit,
} from "graphql";
import { isModerator } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";

/**
 * Subscriptions whose events are the same objects for every subscriber of a
 * replica (a room feed hands one event to all its local subscribers) execute
 * and serialize the selection once per event, operation and viewer class, not
 * once per subscriber: each step yields the result as JSON text, the same
 * string for everyone who shares it, for the socket layer to frame. Two
 * subscribers share a result when their documents are equal, their variables
 * are equal apart from those only the root field's arguments use (e.g.
 * `afterSeq`, which shapes the source stream, not each event's payload), and
 * the visibility rules put them in the same class for that event (moderator,
 * the message's author, anyone else). Root subscription resolvers must
 * therefore not depend on their arguments (ours return the event).
 */
// The text itself once it is known, so later subscribers of the class take it without waiting a turn.
const results = new WeakMap<object, Map<string, Map<ViewerClass, string | Promise<string>>>>();

type ViewerClass = "moderator" | "author" | "member";

export async function sharedSubscribe(
  args: ExecutionArgs,
  viewer: Viewer | null,
): Promise<AsyncIterableIterator<string> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return { ...source, errors: source.errors?.map(maskUnexpected) };
  // One string per subscription: its hash is computed once, not per event.
  const operationKey = keyOf(args.document, args.operationName, args.variableValues);
  const iterator = source[Symbol.asyncIterator]();

  const resultFor = (event: unknown): string | Promise<string> => {
    if (typeof event !== "object" || event === null) return executeEvent(args, event);
    let byOperation = results.get(event);
    if (!byOperation) {
      byOperation = new Map();
      results.set(event, byOperation);
    }
    let byClass = byOperation.get(operationKey);
    if (!byClass) {
      byClass = new Map();
      byOperation.set(operationKey, byClass);
    }
    const viewerClass = classOf(event, viewer);
    let result = byClass.get(viewerClass);
    if (result === undefined) {
      const executed = executeEvent(args, event);
      const shared = byClass;
      // A failure reaches every subscriber through `executed` itself.
      executed.then(
        (json) => shared.set(viewerClass, json),
        () => {},
      );
      result = executed;
      byClass.set(viewerClass, result);
    }
    return result;
  };

  const shared: AsyncIterableIterator<string> = {
    [Symbol.asyncIterator]: () => shared,
    next: () =>
      iterator.next().then((step): IteratorResult<string> | Promise<IteratorResult<string>> => {
        if (step.done) return { done: true, value: undefined };
        const result = resultFor(step.value);
        return typeof result === "string"
          ? { done: false, value: result }
          : result.then((value) => ({ done: false, value }));
      }),
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error instanceof Error ? error : new GraphQLError(String(error));
    },
  };
  return shared;
}

/** graphql-js's own execution of one event, as its subscribe would do, with unexpected errors masked; as JSON. */
async function executeEvent(args: ExecutionArgs, event: unknown): Promise<string> {
  const result = await execute({ ...args, rootValue: event });
  return JSON.stringify(result.errors ? { ...result, errors: result.errors.map(maskUnexpected) } : result);
}

/** Which visibility class the viewer is in for this event's message. */
function classOf(event: object, viewer: Viewer | null): ViewerClass {
  if (isModerator(viewer)) return "moderator";
  const authorId = (event as { message?: { authorId?: unknown } }).message?.authorId;
  return authorId !== undefined && authorId === viewer?.id ? "author" : "member";
}

const operationKeys = new WeakMap<DocumentNode, { sourceOnly: Set<string>; text: string }>();

function keyOf(document: DocumentNode, operationName: string | null | undefined, variables: unknown): string {
  let known = operationKeys.get(document);
  if (!known) {
    known = { sourceOnly: sourceOnlyVariables(document), text: JSON.stringify(document.loc?.source.body ?? document) };
    operationKeys.set(document, known);
  }
  const payloadVariables = Object.entries((variables ?? {}) as Record<string, unknown>)
    .filter(([name]) => !known.sourceOnly.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${operationName ?? ""}\n${known.text}\n${JSON.stringify(payloadVariables)}`;
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
