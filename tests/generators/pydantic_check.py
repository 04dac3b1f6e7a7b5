"""Validate problem bodies against the pydantic models datamodel-code-generator generated.

Not a test module: the generated-client checks (tests/generators/clients.py) run it with the
Python of the generators' venv (pydantic, email-validator)::

    python pydantic_check.py MODELS.py < input.json > results.json

The input holds ``models`` (the per-type model names to try), ``unions`` (the union models) and
``bodies`` (name -> body). It prints, per body, the per-type models it validates against, whether
the generic ``Problem`` takes it, and the class each union model resolves it to (or the error).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError


def load(path: str) -> Any:
    spec = importlib.util.spec_from_file_location("generated_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generated_models"] = module  # pydantic resolves forward references through it
    spec.loader.exec_module(module)
    return module


def resolve(model: type[RootModel[Any]], body: Any) -> str:
    try:
        return type(model.model_validate(body).root).__name__
    except ValidationError as error:
        return f"ValidationError: {error.error_count()} errors"


def main() -> int:
    module = load(sys.argv[1])
    given = json.load(sys.stdin)
    problem: type[BaseModel] = module.Problem
    results = {}
    for name, body in given["bodies"].items():
        matches = []
        for model_name in given["models"]:
            try:
                getattr(module, model_name).model_validate(body)
            except ValidationError:
                continue
            matches.append(model_name)
        try:
            problem.model_validate(body)
            generic = True
        except ValidationError:
            generic = False
        unions = {union: resolve(getattr(module, union), body) for union in given["unions"]}
        results[name] = {"matches": matches, "problem": generic, "unions": unions}
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
