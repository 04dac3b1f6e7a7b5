"""``@problem_responses``: add or remove documented problems of a view or one of its actions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

ATTRIBUTE: Final = "_problem_responses"

T = TypeVar("T")


@dataclass(frozen=True)
class ProblemOverride:
    """What one decorator says: slugs to add, slugs or statuses to remove, where it applies."""

    add: tuple[str, ...] = ()
    remove: tuple[str | int, ...] = ()
    actions: frozenset[str] | None = None
    """Actions or lower-case methods it applies to (``None``: every operation it decorates)."""

    def applies_to(self, action: str | None, method: str) -> bool:
        """Whether this override concerns the operation ``action`` / ``method``."""
        if self.actions is None:
            return True
        return method.lower() in self.actions or (action is not None and action in self.actions)


def problem_responses(
    *add: str, remove: Iterable[str | int] = (), actions: Iterable[str] | None = None
) -> Callable[[T], T]:
    """Document extra problem types (slugs), or remove types or whole statuses, for a view.

    On a view class it applies to every operation (or to ``actions``: action names such as
    ``"create"`` or lower-case methods such as ``"delete"``); on a handler or ``@action`` method
    to that operation only::

        @problem_responses("resource-crud-failure", actions=("create", "destroy"))
        class WorkerViewSet(ModelViewSet): ...
    """
    override = ProblemOverride(
        tuple(add), tuple(remove), frozenset(actions) if actions is not None else None
    )

    def decorate(target: T) -> T:
        # Above ``@api_view`` the target is the view function DRF made: the schema generator
        # instantiates its class (``.cls``), so the override goes there too.
        for holder in (target, getattr(target, "cls", None)):
            if holder is not None:
                existing: tuple[ProblemOverride, ...] = holder.__dict__.get(ATTRIBUTE, ())
                setattr(holder, ATTRIBUTE, (*existing, override))
        return target

    return decorate


def overrides_for(view: Any, action: str | None, method: str) -> list[ProblemOverride]:
    """Every override that applies to one operation: the classes', then the handler's."""
    found: list[ProblemOverride] = []
    if hasattr(type(view), ATTRIBUTE):  # one lookup tells whether any class is decorated
        for cls in reversed(type(view).__mro__):
            found.extend(cls.__dict__.get(ATTRIBUTE, ()))
    handler = getattr(view, action or method.lower(), None)
    function = getattr(handler, "__func__", handler)
    if function is not None:
        found.extend(getattr(function, "__dict__", {}).get(ATTRIBUTE, ()))
    return [o for o in found if o.applies_to(action, method)]
