// Must NOT compile (tests/example/test_generated_clients.py checks that tsc fails on it): the
// switch of exhaustive.ts without the not-found case, so the `never` branch receives
// NotFoundProblem. Proves the exhaustiveness check can fail.
import type { components } from "./schema";

type Schemas = components["schemas"];
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
    case "E_API_INVALID_VERSION":
    case "E_API_INVALID_PARAMETERS":
    case "E_API_PARAMETERS_OUT_OF_RANGE":
    case "E_API_NOT_AUTHORIZED":
    case "E_API_PAYLOAD_TOO_LARGE":
    case "E_API_BAD_REQUEST":
    case "E_API_MALFORMED_BODY":
    case "E_API_FORBIDDEN":
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
