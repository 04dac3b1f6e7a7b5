// Compiled by tests/adopter/test_generated_clients.py with `tsc --strict --noEmit`, next to the
// types openapi-typescript generated from the shop's schema (./schema.d.ts): what a front end of
// the shop does with each problem it can receive. It must compile: a switch on `code` narrows
// each case to its type, whose own members it reads as the docs describe them, and leaves nothing
// for the `never` branch. The test also compiles it without its `token_not_valid` case, which
// must fail.
import type { components } from "./schema";

type Schemas = components["schemas"];
/** Every per-type problem schema of the shop; not the generic one. */
type ProblemName = Exclude<Extract<keyof Schemas, `${string}Problem`>, "Problem">;
export type ShopProblem = Schemas[ProblemName];

export type Next =
  | { to: "refresh-the-token"; why: string[] }
  | { to: "log-in"; because: string; cause?: string }
  | { to: "fix-the-form"; fields: Record<string, string[]>; codes: Record<string, string[]> }
  | { to: "retry-later" }
  | { to: "reload"; because: string; cause?: string }
  | { to: "use-a-version"; versions: string[] }
  | { to: "show"; message: string };

export function next(problem: ShopProblem): Next {
  switch (problem.code) {
    // simplejwt: refresh on token_not_valid; messages say why each token type refused it.
    case "token_not_valid":
      return { to: "refresh-the-token", why: (problem.messages ?? []).map((m) => m.message) };
    case "no_active_account":
      return { to: "log-in", because: problem.detail };
    // An authenticator's own code (user_inactive, ...) rides along as exception_code.
    case "E_API_UNAUTHORISED":
      return { to: "log-in", because: problem.detail, cause: problem.exception_code };
    // django-filter's parameters and the serializers' fields alike.
    case "E_API_INVALID_PARAMETERS":
      return { to: "fix-the-form", fields: problem.errors ?? {}, codes: problem.codes ?? {} };
    case "E_API_PARAMETERS_OUT_OF_RANGE":
      return { to: "fix-the-form", fields: problem.errors ?? {}, codes: problem.codes ?? {} };
    case "E_API_INVALID_VERSION":
      return { to: "use-a-version", versions: problem.supported_versions ?? [] };
    case "E_API_TOO_MANY_REQUESTS":
      return { to: "retry-later" };
    case "E_API_SERVICE_TEMPORARILY_UNAVAILABLE":
      return { to: "retry-later" };
    // The shop's OutOfStock (409, code out_of_stock) is a resource-crud-failure.
    case "E_API_RESOURCE_CRUD_FAILURE":
      return { to: "reload", because: problem.detail, cause: problem.exception_code };
    case "E_API_NOT_FOUND":
      return { to: "reload", because: problem.detail };
    case "E_API_PAYLOAD_TOO_LARGE":
      return { to: "show", message: `Send at most ${problem.max_size ?? "?"} bytes.` };
    case "about:blank":
      return { to: "show", message: `${problem.status} ${problem.title}` };
    case "E_API_BAD_REQUEST":
    case "E_API_MALFORMED_BODY":
    case "E_API_NOT_ACCEPTABLE":
    case "E_API_UNSUPPORTED_MEDIA_TYPE":
    case "E_API_FORBIDDEN":
      return { to: "show", message: `${problem.title}: ${problem.detail}` };
    case "E_API_INTERNAL_ERROR":
      return { to: "show", message: `Quote ${problem.instance} to support.` };
    default: {
      const unexpected: never = problem;
      return unexpected;
    }
  }
}
