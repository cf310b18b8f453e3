import { expect } from "vitest";
import type { NoVariables, Operation } from "./gql.ts";

// Tests write their operations with gql; it lives apart so that scripts outside Vitest can use it too.
export { gql, type Operation } from "./gql.ts";

export type GraphQLResponse<T = Record<string, unknown>> = {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
};

/** The variables argument: required when the operation declares any that are required. */
type VariablesArgument<Variables> = NoVariables extends Variables ? [variables?: Variables] : [variables: Variables];

type Answer<Result> = GraphQLResponse<Result> & { status: number; headers: Headers };

/** A GraphQL client bound to one API URL and, optionally, one session token. */
export class GraphQLClient {
  readonly url: string;
  readonly token: string | null;

  constructor(url: string, token: string | null = null) {
    this.url = url;
    this.token = token;
  }

  as(token: string | null): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  /**
   * The raw answer, for operations that may fail. A plain string is for those
   * meant to fail before they run (a typo, variables of the wrong type): its
   * data is unknown.
   */
  request<Result, Variables>(
    operation: Operation<Result, Variables>,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Answer<Result>>;
  request(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<Answer<unknown>>;
  async request(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Answer<unknown>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<unknown>;
    return { ...body, status: response.status, headers: response.headers };
  }

  /** The data of an operation that must succeed; on failure the operation and the response are printed. */
  async ok<Result, Variables extends Record<string, unknown>>(
    operation: Operation<Result, Variables>,
    ...given: VariablesArgument<Variables>
  ): Promise<Result> {
    const variables = given[0] ?? {};
    const result = await this.request(operation, variables);
    if (result.errors?.length || !result.data)
      expect.fail(
        `operation failed:\n${operation}\nvariables: ${JSON.stringify(variables)}\nresponse: ${JSON.stringify(result)}`,
      );
    return result.data;
  }

  /** The first error's code of an operation that must fail. */
  async errorCode(query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const result = await this.request(query, variables);
    if (!result.errors?.length)
      expect.fail(`operation should have failed:\n${query}\nresponse: ${JSON.stringify(result)}`);
    return String(result.errors[0]?.extensions?.["code"]);
  }
}
