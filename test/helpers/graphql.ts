import { expect } from "vitest";

export type GraphQLResponse<T = Record<string, unknown>> = {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
};

/** A GraphQL client bound to one API URL and, optionally, one session token. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly token: string | null = null,
  ) {}

  as(token: string | null): GraphQLClient {
    return new GraphQLClient(this.url, token);
  }

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T> & { status: number; headers: Headers }> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status, headers: response.headers };
  }

  /** The data of an operation that must succeed; on failure the operation and the response are printed. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read deep into responses whose shape the query defines
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data)
      expect.fail(
        `operation failed:\n${query}\nvariables: ${JSON.stringify(variables)}\nresponse: ${JSON.stringify(result)}`,
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
