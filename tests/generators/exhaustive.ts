// Compiled by tests/example/test_generated_clients.py with `tsc --strict --noEmit`, next to the
// types openapi-typescript generated from the example project's schema (./schema.d.ts). It must
// compile: a switch on `code` over every problem type's schema narrows each case to its type
// (its own members are readable) and leaves nothing for the `never` branch.
import type { components } from "./schema";

type Schemas = components["schemas"];
/** Every per-type problem schema (NotFoundProblem, ..., AboutBlankProblem); not the generic one. */
type ProblemName = Exclude<Extract<keyof Schemas, `${string}Problem`>, "Problem">;
export type AnyProblem = Schemas[ProblemName];

export function explain(problem: AnyProblem): string {
  switch (problem.code) {
    case "about:blank":
      return `${problem.status} ${problem.title}`;
    case "E_API_UNAUTHORISED":
    case "E_API_AUTH_EXPIRED_ACCOUNT":
    case "E_API_REQUEST_ALREADY_RECEIVED":
    case "no_token":
    case "invalid_token":
      return `authenticate again: ${problem.detail}`;
    case "E_API_INVALID_VERSION":
      return `use one of ${(problem.supported_versions ?? []).join(", ")}`;
    case "E_API_INVALID_PARAMETERS":
    case "E_API_PARAMETERS_OUT_OF_RANGE":
    case "E_API_NOT_AUTHORIZED":
      return Object.entries(problem.errors ?? {})
        .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
        .join("; ");
    case "E_API_PAYLOAD_TOO_LARGE":
      return `send at most ${problem.max_size ?? "?"} bytes`;
    case "E_API_BAD_REQUEST":
    case "E_API_MALFORMED_BODY":
    case "E_API_FORBIDDEN":
    case "E_API_NOT_FOUND":
    case "E_API_NOT_ACCEPTABLE":
    case "E_API_RESOURCE_CRUD_FAILURE":
    case "E_API_UNSUPPORTED_MEDIA_TYPE":
    case "E_API_TOO_MANY_REQUESTS":
    case "E_API_INTERNAL_ERROR":
    case "E_API_SERVICE_TEMPORARILY_UNAVAILABLE":
      return problem.detail;
    default: {
      const unexpected: never = problem;
      return unexpected;
    }
  }
}

/** A named union (every type at 400) is discriminated by `code` the same way. */
export function field400(problem: Schemas["Problem400"]): string[] {
  switch (problem.code) {
    case "E_API_INVALID_PARAMETERS":
    case "E_API_PARAMETERS_OUT_OF_RANGE":
    case "E_API_INVALID_VERSION":
      return Object.keys(problem.errors ?? {});
    case "E_API_BAD_REQUEST":
    case "E_API_MALFORMED_BODY":
      return [];
    default: {
      const unexpected: never = problem;
      return unexpected;
    }
  }
}
