"""Run problems through a client openapi-python-client generated, and say what it parsed them into.

Not a test module: the generated-client checks (tests/generators/clients.py) run it with the
Python of a throwaway venv where the generated package is installed (with httpx and attrs,
nothing of this project)::

    python python_client_check.py PACKAGE < cases.json > results.json

Each case names an operation (its operationId) and either

* ``call``: a real request through the operation's ``sync_detailed`` to ``base_url``, with
  ``kwargs`` (JSON values, made into the generated enums and models by the function's
  annotations), client-level ``headers`` and ``params``, optional ``wire`` edits (``query``,
  ``headers``, ``body``: what a broken client or proxy would change on the way, applied by an
  httpx transport after the generated code built the request) and ``before``: how many times the
  same call is made first (each must succeed, as the throttle and replay scenarios need); or
* ``response``: a recorded response (``status``, ``headers``, ``body``) fed to the operation's
  ``_build_response``, which is what ``sync_detailed`` returns as ``.parsed``.

It prints, per case, the status, the class of ``.parsed`` and, per member of the body, the
attribute that holds it and the type of its value. The test judges.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import json
import pkgutil
import sys
import types
import typing
from typing import Any

import attrs
import httpx


def operation_module(package: str, operation_id: str) -> types.ModuleType:
    """The module of the generated client that implements ``operation_id``."""
    api = importlib.import_module(f"{package}.api")
    for info in pkgutil.walk_packages(api.__path__, f"{package}.api."):
        if info.name.rsplit(".", 1)[-1] == operation_id:
            return importlib.import_module(info.name)
    raise LookupError(f"no module for operation {operation_id} in {package}.api")


def convert(annotation: Any, value: Any) -> Any:
    """A JSON value as the generated function's parameter annotated ``annotation`` takes it."""
    members = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for member in members:
            try:
                return convert(member, value)
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
        raise ValueError(f"{value!r} fits no member of {annotation}")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation(value)
    if annotation is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if isinstance(annotation, type) and hasattr(annotation, "from_dict"):
        return annotation.from_dict(value)
    if isinstance(annotation, type) and not isinstance(value, annotation):
        raise TypeError(f"{value!r} is not a {annotation.__name__}")
    return value


def wire_transport(edits: dict[str, Any]) -> httpx.BaseTransport:
    """A transport that changes the request the generated code built, then sends it."""
    inner = httpx.HTTPTransport()

    def send(request: httpx.Request) -> httpx.Response:
        url = request.url
        if "query" in edits:
            url = url.copy_with(query=edits["query"].encode())
        headers = httpx.Headers(request.headers)
        content = request.read()
        if "body" in edits:
            content = edits["body"].encode()
            headers["Content-Length"] = str(len(content))
        for name, value in edits.get("headers", {}).items():
            headers[name] = value
        edited = httpx.Request(request.method, url, headers=headers, content=content)
        response = inner.handle_request(edited)
        response.read()
        return response

    return httpx.MockTransport(send)


def make_client(package: str, call: dict[str, Any]) -> Any:
    client_class = importlib.import_module(f"{package}.client").Client
    httpx_args: dict[str, Any] = {"params": call.get("params", {})}
    if call.get("wire"):
        httpx_args["transport"] = wire_transport(call["wire"])
    return client_class(
        base_url=call["base_url"],
        headers=call.get("headers", {}),
        httpx_args=httpx_args,
        raise_on_unexpected_status=False,
        timeout=httpx.Timeout(30.0),
    )


def run_call(package: str, module: types.ModuleType, call: dict[str, Any]) -> tuple[Any, list[int]]:
    hints = typing.get_type_hints(module.sync_detailed)
    kwargs = {name: convert(hints[name], value) for name, value in call.get("kwargs", {}).items()}
    before = []
    with make_client(package, call) as client:
        for _ in range(call.get("before", 0)):
            before.append(int(module.sync_detailed(client=client, **kwargs).status_code))
        return module.sync_detailed(client=client, **kwargs), before


def replay(module: types.ModuleType, package: str, recorded: dict[str, Any]) -> Any:
    client_class = importlib.import_module(f"{package}.client").Client
    response = httpx.Response(
        recorded["status"],
        headers=recorded["headers"],
        content=recorded["body"].encode(),
        request=httpx.Request("GET", "http://testserver/"),
    )
    return module._build_response(
        client=client_class(base_url="http://testserver"), response=response
    )


def attribute_for(fields: dict[str, Any], key: str) -> str | None:
    """The attrs field that holds the JSON member ``key`` (``type`` is ``type_``...)."""
    for name in (key, f"{key}_", key.replace("-", "_")):
        if name in fields and name != "additional_properties":
            return name
    return None


def describe_value(value: Any, package: str) -> dict[str, Any]:
    kind = type(value)
    return {
        "class": kind.__name__,
        "generated": kind.__module__.startswith(f"{package}."),
        "enum": isinstance(value, enum.Enum),
        "value": value.value if isinstance(value, enum.Enum) else None,
        "unset": kind.__name__ == "Unset",
    }


def describe(parsed: Any, body: Any, package: str) -> dict[str, Any]:
    """What the generated client made of ``body``: the class and where each member went."""
    result: dict[str, Any] = {
        "class": type(parsed).__name__,
        "generated": type(parsed).__module__.startswith(f"{package}."),
    }
    if not attrs.has(type(parsed)):
        return result
    fields = attrs.fields_dict(type(parsed))
    extra = getattr(parsed, "additional_properties", {})
    result["additional_properties"] = sorted(extra)
    members: dict[str, Any] = {}
    for key in body if isinstance(body, dict) else ():
        attribute = attribute_for(fields, key)
        members[key] = {
            "attribute": attribute,
            **(describe_value(getattr(parsed, attribute), package) if attribute else {}),
        }
    result["members"] = members
    return result


def check(package: str, case: dict[str, Any]) -> dict[str, Any]:
    module = operation_module(package, case["operation"])
    before: list[int] = []
    if "call" in case:
        response, before = run_call(package, module, case["call"])
    else:
        response = replay(module, package, case["response"])
    try:
        body = json.loads(response.content)
    except ValueError:
        body = response.content.decode(errors="replace")
    return {
        "name": case["name"],
        "status": int(response.status_code),
        "before": before,
        "body": body,
        "parsed": describe(response.parsed, body, package),
    }


def main() -> int:
    package = sys.argv[1]
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(check(package, case))
        except Exception as error:  # reported to the test, which fails on it
            results.append({"name": case["name"], "error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
