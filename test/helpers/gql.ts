declare const shape: unique symbol;

/**
 * An operation's text that carries the shape of what it selects and the
 * variables it takes (see `gql`), so reading a field it does not select fails
 * to typecheck. It is still the plain string sent to the server.
 */
export type Operation<Result, Variables = NoVariables> = string & {
  readonly [shape]: { result: Result; variables: Variables };
};
export type NoVariables = Record<string, never>;

/** Written next to the operation: the result it selects and the variables it takes. */
export function gql<Result, Variables = NoVariables>(source: string): Operation<Result, Variables> {
  return source as Operation<Result, Variables>;
}
