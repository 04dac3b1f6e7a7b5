"""``AutoSchema``: drf-spectacular's, plus every problem each operation can answer.

``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "django_problems.openapi.AutoSchema"``. Each operation
gets one response per error status it can return (see :mod:`django_problems.openapi.rules`),
each a ``$ref`` to a shared component, and the ``api-version`` parameter when it is versioned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from weakref import WeakKeyDictionary

from django.utils.translation import gettext_lazy as _
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, is_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.generics import GenericAPIView

from django_problems.catalogue import get_catalogue
from django_problems.openapi import (
    components,
    extensions,  # noqa: F401  (registers the security schemes)
)
from django_problems.openapi.decorators import overrides_for
from django_problems.openapi.rules import Operation, declared_headers, inferred_slugs
from django_problems.openapi.settings import openapi_settings
from django_problems.openapi.versions import requested_version, version_policy

if TYPE_CHECKING:
    from django_problems.versioning.policy import VersionPolicy

UNVERSIONED: Final = "-unversioned"
"""Suffix of the response components of operations ``ApiVersioning`` does not version."""
RESPONSE_REF: Final = "#/components/responses/"


def _variant(extra_headers: Mapping[str, str], unversioned: bool) -> frozenset[Any]:
    """What besides its status and types tells a response component apart."""
    return frozenset([*extra_headers.items(), ("unversioned", str(unversioned))])


def _ref_key(
    status: int, slugs: frozenset[str], extra_headers: Mapping[str, str], unversioned: bool
) -> tuple[int, frozenset[str], frozenset[Any]]:
    """The key of a response component in ``GenerationRun.refs``."""
    return (status, slugs, _variant(extra_headers, unversioned))


@dataclass
class GenerationRun:
    """What one schema generation computes once and every operation reuses.

    Keyed by drf-spectacular's per-run component registry, so a new run (another version,
    changed settings) starts afresh.
    """

    xml: bool
    headers: dict[str, Any] = field(default_factory=dict)
    """Headers every response of a versioned operation may carry (the version headers)."""
    refs: dict[tuple[int, frozenset[str], frozenset[Any]], str] = field(default_factory=dict)
    """Response component name of each (status, slugs, extra headers) already registered."""
    sets: dict[str, tuple[frozenset[str], frozenset[Any]]] = field(default_factory=dict)
    """What is behind each response component name (to catch a digest collision)."""
    memo: dict[Any, Any] = field(default_factory=dict)
    """The rules' own memo (:attr:`~django_problems.openapi.rules.Operation.memo`)."""
    plans: dict[Any, tuple[tuple[str, int, frozenset[str], Mapping[str, str], Any], ...]] = field(
        default_factory=dict
    )
    """The responses of each (grouped statuses, extra headers, unversioned): the status key and
    what :meth:`AutoSchema._response_name` needs, with its key in :attr:`refs`, in status order."""
    defaults: dict[bool, str] = field(default_factory=dict)
    """The ``$ref`` of the ``default`` response, versioned or not, once registered."""


_RUNS: WeakKeyDictionary[Any, GenerationRun] = WeakKeyDictionary()


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's ``AutoSchema``, documenting problems and the ``api-version`` parameter."""

    def get_override_parameters(self) -> list[Any]:
        # drf-spectacular asks several times per operation; the answer does not change. (The
        # operation's method is drf-spectacular's attribute: the mock request's, read directly.)
        view = self.view
        method = self.__dict__.get("method")
        cached: tuple[Any, Any, list[Any]] | None = self.__dict__.get("_problems_parameters")
        if cached is not None and cached[0] is view and cached[1] == method:
            return list(cached[2])
        parameters = self._override_parameters()
        self._problems_parameters = (view, method, parameters)
        return list(parameters)

    def _version_policy(self) -> VersionPolicy | None:
        """:func:`version_policy` of the view, asked once per operation."""
        view = self.view
        cached: tuple[Any, VersionPolicy | None] | None = self.__dict__.get("_problems_policy")
        if cached is not None and cached[0] is view:
            return cached[1]
        policy = version_policy(view)
        self._problems_policy = (view, policy)
        return policy

    def _override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        policy = self._version_policy()
        if policy is None:
            return parameters
        if any(getattr(p, "name", None) == policy.param for p in parameters):
            return parameters
        version = requested_version(self.view)
        deprecated = version is not None and version in policy.deprecated
        listed = [version] if version in policy.supported else list(policy.supported)
        described = [f"{v} ({_('deprecated')})" if v in policy.deprecated else v for v in listed]
        parameters.append(
            OpenApiParameter(
                name=policy.param,
                type=OpenApiTypes.STR,
                location=OpenApiParameter.QUERY,
                required=policy.default is None,
                enum=listed or None,
                pattern=policy.pattern,
                deprecated=deprecated,
                description=_(
                    "API version, major.minor, exactly once. Supported: %(versions)s."
                    " Anything else is the invalid-api-version problem."
                )
                % {"versions": ", ".join(described) or "-"},
            )
        )
        return parameters

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        view = self.view
        run = self._run()
        op = self.problem_operation(path, operation)
        op.memo = run.memo
        responses = operation.setdefault("responses", {})
        policy = self._version_policy()
        if policy is not None:  # success responses carry the version headers too
            for response in responses.values():
                if isinstance(response, dict) and "$ref" not in response:
                    response.setdefault("headers", {}).update(run.headers)
        extra_headers = declared_headers(op)
        # An operation ApiVersioning does not version (a third-party view) never sends the
        # version headers: its problems are documented without them.
        unversioned = bool(run.headers) and policy is None
        statuses: Mapping[int, Iterable[str]]
        if type(self).problem_statuses is AutoSchema.problem_statuses:
            statuses, statuses_key = self._grouped_statuses(op)
        else:  # a subclass's own answer
            statuses = self.problem_statuses(op)
            statuses_key = frozenset((s, frozenset(v)) for s, v in statuses.items())
        # Operations share a few sets of statuses and types: each is sorted and keyed once.
        plan_key = (
            statuses_key,
            tuple((s, tuple(sorted(h.items()))) for s, h in sorted(extra_headers.items())),
            unversioned,
        )
        plan = run.plans.get(plan_key)
        if plan is None:
            plan = run.plans[plan_key] = self._plan(statuses, extra_headers, unversioned)
        for key, status, slugs, extra, ref_key in plan:
            if key not in responses:
                name = run.refs.get(ref_key)
                if name is None:
                    name = self._response_name(run, status, slugs, extra, unversioned=unversioned)
                responses[key] = {"$ref": RESPONSE_REF + name}
        default = run.defaults.get(unversioned)
        if default is None:
            default = self._default_ref(run, unversioned=unversioned)["$ref"]
            run.defaults[unversioned] = default
        if "default" not in responses:
            responses["default"] = {"$ref": default}
        if (
            policy is not None
            and requested_version(view) in policy.deprecated
            and openapi_settings().DEPRECATE_OPERATIONS
        ):
            operation["deprecated"] = True
        return operation

    @staticmethod
    def _plan(
        statuses: Mapping[int, Iterable[str]],
        extra_headers: Mapping[int, Mapping[str, str]],
        unversioned: bool,
    ) -> tuple[tuple[str, int, frozenset[str], Mapping[str, str], Any], ...]:
        """Each status's response key, slugs, extra headers and key in ``GenerationRun.refs``."""
        plan = []
        for status, slugs in sorted(statuses.items()):
            extra = extra_headers.get(status, {})
            frozen = frozenset(slugs)
            plan.append(
                (str(status), status, frozen, extra, _ref_key(status, frozen, extra, unversioned))
            )
        return tuple(plan)

    def get_request_serializer(self) -> Any:
        """drf-spectacular's, remembered per method: it resolved it already for the request
        body, and the rules ask again (resolving means instantiating the serializer)."""
        remembered: dict[str, Any] = self.__dict__.setdefault("_request_serializers", {})
        method = str(self.method)
        if method not in remembered:
            remembered[method] = super().get_request_serializer()
        return remembered[method]

    def problem_operation(self, path: str, operation: dict[str, Any]) -> Operation:
        """The facts the rules need about this operation."""
        takes_body = "requestBody" in operation
        body: list[Any] = []
        request_serializer = self.get_request_serializer() if takes_body else None
        # (None is no serializer: is_serializer would look for an extension matching it.)
        if request_serializer is not None and is_serializer(request_serializer):
            body.append(request_serializer)
        query = [p for p in self.get_override_parameters() if is_serializer(p)]
        view = self.view
        return Operation(
            view=view,
            method=self.method,
            path=path,
            takes_body=takes_body,
            body_serializers=body,
            query_serializers=query,
            versioned=self._version_policy() is not None,
            # Only the rules for paginated and filtered lists read it: skip the work elsewhere.
            is_list=(
                getattr(view, "pagination_class", None) is not None
                or bool(getattr(view, "filter_backends", None))
            )
            and self._is_list_view(),
            gets_object=self._gets_object(path),
        )

    def _gets_object(self, path: str) -> bool:
        """Whether the operation works on one object of a generic view with filter backends
        (its path names the view's lookup: ``get_object()`` filters the queryset)."""
        view = self.view
        if not isinstance(view, GenericAPIView) or not getattr(view, "filter_backends", None):
            return False
        lookup = view.lookup_url_kwarg or view.lookup_field
        # drf-spectacular writes a pk lookup as {id} (SCHEMA_COERCE_PATH_PK, on by default).
        return f"{{{lookup}}}" in path or (lookup == "pk" and "{id}" in path)

    def problem_statuses(self, op: Operation) -> dict[int, set[str]]:
        """Slugs grouped by their catalogue status, after ``@problem_responses`` overrides."""
        grouped, _ = self._grouped_statuses(op)
        return {s: set(v) for s, v in grouped.items()}

    def _grouped_statuses(self, op: Operation) -> tuple[Mapping[int, frozenset[str]], Any]:
        """What :meth:`problem_statuses` answers, shared by the operations with the same types
        and removed statuses (do not change it), and the key it is shared under."""
        slugs = inferred_slugs(op)
        removed_statuses: set[int] = set()
        action = getattr(self.view, "action", None)
        overrides_key = ("overrides", type(self.view), action, op.method)
        if overrides_key not in op.memo:  # decorators sit on the class and its handlers
            op.memo[overrides_key] = overrides_for(self.view, action, op.method)
        catalogue = get_catalogue()
        for override in op.memo[overrides_key]:
            unknown = [s for s in (*override.add, *override.remove) if isinstance(s, str)]
            for slug in unknown:
                if slug not in catalogue:
                    warn(
                        f"@problem_responses names {slug!r}, which is not a problem type of "
                        "this project (see the docs page for the slugs)."
                    )
            slugs |= set(override.add)
            for item in override.remove:
                if isinstance(item, int):
                    removed_statuses.add(item)
                else:
                    slugs.discard(item)
        key = ("grouped", frozenset(slugs), frozenset(removed_statuses))
        grouped: Mapping[int, frozenset[str]] | None = op.memo.get(key)
        if grouped is None:  # operations share a few sets of types: group each once
            by_status: dict[int, set[str]] = defaultdict(set)
            for slug in slugs:
                if slug in catalogue:
                    by_status[catalogue.get(slug).status].add(slug)
            grouped = op.memo[key] = {
                s: frozenset(v) for s, v in by_status.items() if s not in removed_statuses
            }
        return grouped, key

    def _run(self) -> GenerationRun:
        run = _RUNS.get(self.registry)
        if run is None:
            run = _RUNS[self.registry] = GenerationRun(
                xml=openapi_settings().XML, headers=version_headers(self.view)
            )
        return run

    def _default_ref(self, run: GenerationRun, *, unversioned: bool) -> dict[str, str]:
        self._register(components.BASE, components.base_schema)
        name = components.DEFAULT_RESPONSE + (UNVERSIONED if unversioned else "")
        key = ResolvedComponent(name, ResolvedComponent.RESPONSE, object=name)
        if key not in self.registry:
            headers = {} if unversioned else run.headers
            key.schema = components.default_response(xml=run.xml, headers=headers)
            self.registry.register_on_missing(key)
        return {"$ref": RESPONSE_REF + name}

    def _response_name(
        self,
        run: GenerationRun,
        status: int,
        slugs: frozenset[str],
        extra_headers: Mapping[str, str],
        *,
        unversioned: bool,
    ) -> str:
        """The name of the response component for ``slugs`` at ``status``, registered once."""
        variant = _variant(extra_headers, unversioned)
        name = run.refs.get((status, slugs, variant))
        if name is None:
            suffix = UNVERSIONED if unversioned else ""
            name = components.response_name(status, slugs, variant=sorted(extra_headers))
            name += suffix
            if run.sets.setdefault(name, (slugs, variant)) != (slugs, variant):  # a collision
                name = components.response_name(
                    status, slugs, variant=sorted(extra_headers), digits=40
                )
                name += suffix
                run.sets[name] = (slugs, variant)
            run.refs[status, slugs, variant] = name
            about_blank = status == 500
            self._register_schemas(slugs, about_blank=about_blank)
            union = None
            if len(slugs) + about_blank > 1:
                union = components.union_name(status, slugs, name.removesuffix(UNVERSIONED))
                self._register(
                    union,
                    lambda: components.union_schema(slugs, about_blank=about_blank),
                )
            key = ResolvedComponent(name, ResolvedComponent.RESPONSE, object=name)
            key.schema = components.response(
                status,
                slugs,
                about_blank=about_blank,
                xml=run.xml,
                schema_name_=union,
                headers={
                    **({} if unversioned else run.headers),
                    **components.optional_headers(extra_headers),
                },
            )
            self.registry.register_on_missing(key)
        return name

    def _register_schemas(self, slugs: frozenset[str], *, about_blank: bool) -> None:
        catalogue = get_catalogue()
        if about_blank:
            self._register(components.ABOUT_BLANK_NAME, components.about_blank_schema)
        for slug in slugs:
            problem_type = catalogue.get(slug)
            self._register(
                components.schema_name(slug), lambda t=problem_type: components.type_schema(t)
            )
            self._register(
                components.example_name(slug),
                lambda t=problem_type: components.example_component(t),
                ResolvedComponent.EXAMPLE,
            )

    def _register(self, name: str, build: Any, kind: str = ResolvedComponent.SCHEMA) -> None:
        component = ResolvedComponent(name, kind, object=name)
        if component not in self.registry:
            component.schema = build()
            self.registry.register_on_missing(component)


def version_headers(view: Any) -> dict[str, Any]:
    """The headers of versioned responses, in the schema being generated (``view`` is any view
    of the run: the version asked for is the run's)."""
    from django_problems.conf import SECTIONS

    if "PROBLEMS['VERSIONING']" not in SECTIONS:
        return {}
    from django.apps import apps

    if not apps.is_installed("django_problems.versioning"):
        return {}
    from django_problems.versioning.policy import (
        DEPRECATED_HEADER,
        SUPPORTED_HEADER,
        get_version_policy,
    )

    policy = get_version_policy()
    headers = {
        SUPPORTED_HEADER: components.optional_header(_("The versions this API serves.")),
        DEPRECATED_HEADER: components.optional_header(
            _("The versions still served but deprecated.")
        ),
    }
    version = requested_version(view)
    if version is None or version in policy.deprecated:
        headers.update(components.DEPRECATION_HEADERS)
    return headers
