"""The client generators people use read the shop's schema as meant: every problem the shop really
answers (its django-filter lists, simplejwt's views and authentication, DRF's tokens, its
``@api_view`` function view, its viewsets) lands in its own type's class, model or TypeScript
type in a client generated from that schema.

For the shop's schema in OpenAPI 3.0.3 and 3.1.0, with the pinned generators and the judges of
tests/example/test_generated_clients.py (tests/generators/clients.py, their shared plugin):

* openapi-python-client: each scenario of :data:`SCENARIOS` made through the operation's
  ``sync_detailed`` against the shop under pytest-django's live server parses into exactly its
  type's class, ``code`` the generated enum, every member of the body a typed attribute (none
  left only in ``additional_properties``); the same for each response the test client gets,
  fed to the operation's ``_build_response``. Two scenarios call no operation (an unknown URL,
  an undeclared method).
* datamodel-code-generator: every scenario's body validates against exactly one per-type pydantic
  model, its own, and each discriminated union model resolves it to that model.
* openapi-typescript: ``tsc --strict`` compiles an exhaustive ``switch`` on ``code`` over the
  shop's problem types (tests/generators/adopter.ts) and rejects it without its
  ``token_not_valid`` case.

Every scenario's response is checked first as the shop's other tests check it (status,
``application/problem+json``, type, the members and headers it must carry), so the generated
code is judged on what the shop really answers. Where openapi-python-client 0.29.1 itself falls
short on the shop's schema (request bodies in DRF's three default media types), the plugin
(``import_unset``) and :func:`live_calls` work around it, and say how.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.http import HttpResponse
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from django_problems.maintenance import switch
from tests.adopter.conftest import PASSWORD, bearer
from tests.adopter.problems import problem
from tests.adopter.shop.models import Customer, Order, OrderLine, Product
from tests.adopter.shop.serializers import ProductSerializer
from tests.clients import VersionedClient
from tests.generators import clients

pytest_plugins = ["tests.generators.clients"]
pytestmark = [pytest.mark.generators]

BEARER = 'Bearer realm="api"'
PROGRAM = clients.GENERATORS / "adopter.ts"
TOKEN_NOT_VALID_CASE = """\
    case "token_not_valid":
      return { to: "refresh-the-token", why: (problem.messages ?? []).map((m) => m.message) };
"""
"""The case tests/generators/adopter.ts handles ``token_not_valid`` with."""
BIG = 2_700_000
"""More than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's 2.5 MB)."""

OPERATIONLESS = {
    "unknown-url": "/api/warehouses/: an unknown URL is no operation of the schema",
    "restock-with-get": "GET on the restock action: an undeclared method is no operation",
}
"""Scenarios no generated client can make: they call no operation (docs/openapi.md)."""


# ---------------------------------------------------------------------------------------------
# The shop the scenarios run in


@dataclass
class Shop:
    """Users' credentials, clients and rows the scenarios use."""

    anon: VersionedClient
    """No credentials; adds ``api-version``; a crash is a 500 response, not an exception."""
    raw: VersionedClient
    """No credentials; sends requests exactly as given (no ``api-version``)."""
    api: VersionedClient
    """``alice``'s JWT; adds ``api-version``."""
    access: str
    """``alice``'s access token."""
    refresh: str
    """``alice``'s refresh token."""
    expired: str
    """An access token of ``alice``'s that expired a second ago."""
    inactive: str
    """The access token of ``bob``, whose account was deactivated after it was issued."""
    session: str
    """The session id of ``alice``, logged in (SessionAuthentication: writes need CSRF)."""
    customer: Customer
    product: Product
    """On ``order`` (so it cannot be deleted), one left in stock."""
    order: Order
    """Ada's order for two of ``product``: it cannot ship."""


@pytest.fixture
def shop(db: Any) -> Shop:
    alice = User.objects.create_user("alice", email="alice@example.com", password=PASSWORD)
    bob = User.objects.create_user("bob", email="bob@example.com", password=PASSWORD)
    inactive = str(AccessToken.for_user(bob))
    User.objects.filter(pk=bob.pk).update(is_active=False)
    refresh = RefreshToken.for_user(alice)
    expired = AccessToken.for_user(alice)
    expired.set_exp(lifetime=-timedelta(seconds=1))
    browser = VersionedClient()
    browser.force_login(alice)
    customer = Customer.objects.create(name="Ada Lovelace", email="ada@example.com")
    product = Product.objects.create(sku="KB-001", name="Keyboard", price=Decimal("49.90"), stock=1)
    order = Order.objects.create(customer=customer, note="gift")
    OrderLine.objects.create(order=order, product=product, quantity=2)
    access = str(refresh.access_token)
    return Shop(
        anon=VersionedClient(raise_request_exception=False),
        raw=VersionedClient(versioned=False),
        api=bearer(access),
        access=access,
        refresh=str(refresh),
        expired=str(expired),
        inactive=inactive,
        session=browser.cookies["sessionid"].value,
        customer=customer,
        product=product,
        order=order,
    )


@contextlib.contextmanager
def maintenance() -> Iterator[None]:
    """The maintenance switch on (this process's server threads read it on the next request)."""
    switch.enable()
    try:
        yield
    finally:
        switch.disable()


def crashing_products() -> contextlib.AbstractContextManager[Any]:
    """Listing products crashes (a bug in the serializer)."""
    crash = RuntimeError("password=hunter2 at /srv/shop/settings_local.py")
    return mock.patch.object(ProductSerializer, "to_representation", side_effect=crash)


# ---------------------------------------------------------------------------------------------
# The scenarios


@dataclass(frozen=True)
class Scenario:
    """A request the shop answers with a problem of type ``slug`` and ``status``, whose body has
    ``body``'s members with those values and whose response has ``headers`` (each value a
    regular expression the header matches whole)."""

    name: str
    slug: str
    status: int
    make: Callable[[Shop], Any]
    body: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    within: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext
    """What the shop runs in while it answers (the maintenance switch on, a bug)."""


def token_messages(*messages: str) -> list[dict[str, str]]:
    """simplejwt's ``messages``: why the access token (the only type it tries) refused it."""
    return [
        {"token_class": "AccessToken", "token_type": "access", "message": message}
        for message in messages
    ]


def restocked_thrice(s: Shop) -> Any:
    url = f"/api/products/{s.product.pk}/restock/"
    for _ in range(2):
        assert s.api.post(url, {"quantity": 5}, format="json").status_code == 200
    return s.api.post(url, {"quantity": 5}, format="json")


def session_post(s: Shop) -> Any:
    client = VersionedClient(enforce_csrf_checks=True)
    client.cookies["sessionid"] = s.session
    return client.post("/api/customers/", {"name": "Bob", "email": "bob@example.com"})


def merge(s: Shop, duplicate: int) -> Any:
    body = {"duplicate": duplicate, "keep": s.customer.pk}
    return s.api.post("/api/customers/merge/", body, format="json")


def new_order(s: Shop, *lines: tuple[int, int], customer: int | None = None) -> dict[str, Any]:
    return {
        "customer": customer or s.customer.pk,
        "lines": [{"product": product, "quantity": quantity} for product, quantity in lines],
    }


WRONG_LOGIN = {"username": "alice", "password": "wrong"}
CONFLICT = "The change conflicts with an existing resource (for example a duplicate value)."
WRONG_TYPE = "Token has wrong type"

SCENARIOS: list[Scenario] = [
    # django-filter
    Scenario(
        "invalid-min-price",
        "invalid-parameters",
        400,
        lambda s: s.anon.get("/api/products/", {"min_price": "abc"}),
        {"errors": {"min_price": ["Enter a number."]}, "codes": {"min_price": ["invalid"]}},
    ),
    Scenario(
        # DjangoFilterBackend filters the queryset get_object() reads too.
        "invalid-min-price-on-a-product",
        "invalid-parameters",
        400,
        lambda s: s.anon.get(f"/api/products/{s.product.pk}/", {"min_price": "abc"}),
        {"errors": {"min_price": ["Enter a number."]}, "codes": {"min_price": ["invalid"]}},
    ),
    Scenario(
        "page-past-the-end",
        "not-found",
        404,
        lambda s: s.anon.get("/api/products/", {"page": "9"}),
        {"detail": "Invalid page."},
    ),
    # simplejwt's token views
    Scenario(
        "wrong-password",
        "no-active-account",
        401,
        lambda s: s.raw.post("/api/token/", WRONG_LOGIN, format="json"),
        {"code": "no_active_account"},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "garbage-refresh-token",
        "token-not-valid",
        401,
        lambda s: s.raw.post("/api/token/refresh/", {"refresh": "not.a.jwt"}, format="json"),
        {"code": "token_not_valid", "detail": "Token is invalid"},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "access-token-as-refresh-token",
        "token-not-valid",
        401,
        lambda s: s.raw.post("/api/token/refresh/", {"refresh": s.access}, format="json"),
        {"code": "token_not_valid", "detail": WRONG_TYPE},
        {"WWW-Authenticate": BEARER},
    ),
    # simplejwt's authentication
    Scenario(
        "garbage-jwt",
        "token-not-valid",
        401,
        lambda s: bearer("not.a.jwt").get("/api/orders/"),
        {"code": "token_not_valid", "messages": token_messages("Token is invalid")},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "expired-jwt",
        "token-not-valid",
        401,
        lambda s: bearer(s.expired).get("/api/orders/"),
        {"code": "token_not_valid", "messages": token_messages("Token is expired")},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "refresh-token-as-access-token",
        "token-not-valid",
        401,
        lambda s: bearer(s.refresh).get("/api/orders/"),
        {"code": "token_not_valid", "messages": token_messages(WRONG_TYPE)},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "no-credentials",
        "unauthorised",
        401,
        lambda s: s.anon.get("/api/orders/"),
        {"detail": "Authentication credentials were not provided."},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "inactive-user-jwt",
        "unauthorised",
        401,
        lambda s: bearer(s.inactive).get("/api/orders/"),
        {"detail": "User is inactive", "exception_code": "user_inactive"},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "malformed-bearer-header",
        "unauthorised",
        401,
        lambda s: bearer("two parts").get("/api/orders/"),
        {"exception_code": "bad_authorization_header"},
        {"WWW-Authenticate": BEARER},
    ),
    # DRF's tokens
    Scenario(
        "unknown-drf-token",
        "unauthorised",
        401,
        lambda s: s.anon.get("/api/orders/", HTTP_AUTHORIZATION="Token " + "0" * 40),
        {"detail": "Invalid token."},
        {"WWW-Authenticate": BEARER},
    ),
    Scenario(
        "auth-token-wrong-password",
        "invalid-parameters",
        400,
        lambda s: s.raw.post("/api/auth-token/", WRONG_LOGIN, format="json"),
        {
            "errors": {"non_field_errors": ["Unable to log in with provided credentials."]},
            "codes": {"non_field_errors": ["authorization"]},
        },
    ),
    # api-version
    Scenario(
        "missing-api-version",
        "invalid-api-version",
        400,
        lambda s: s.raw.get("/api/orders/", HTTP_AUTHORIZATION=f"Bearer {s.access}"),
        {"codes": {"api-version": ["required"]}, "supported_versions": ["1.0"]},
    ),
    Scenario(
        "unsupported-api-version",
        "invalid-api-version",
        400,
        lambda s: s.api.get("/api/products/?api-version=2.0"),
        {"codes": {"api-version": ["unsupported"]}, "supported_versions": ["1.0"]},
    ),
    # the @api_view function view
    Scenario(
        "merge-into-itself",
        "resource-crud-failure",
        409,
        lambda s: merge(s, s.customer.pk),
        {"detail": "A customer cannot be merged into itself."},
    ),
    Scenario(
        "merge-unknown-customer",
        "invalid-parameters",
        400,
        lambda s: merge(s, 999999),
        {"codes": {"duplicate": ["does_not_exist"]}},
    ),
    # the viewsets
    Scenario(
        "blank-name-taken-email",
        "invalid-parameters",
        400,
        lambda s: s.api.post(
            "/api/customers/", {"name": "", "email": s.customer.email}, format="json"
        ),
        {
            "errors": {
                "name": ["This field may not be blank."],
                "email": ["customer with this email already exists."],
            },
            "codes": {"name": ["blank"], "email": ["unique"]},
        },
    ),
    Scenario(
        "order-with-unknown-ids",
        "invalid-parameters",
        400,
        lambda s: s.api.post(
            "/api/orders/",
            new_order(s, (s.product.pk, 1), (999998, 1), customer=999999),
            format="json",
        ),
        {"codes": {"customer": ["does_not_exist"], "lines[1].product": ["does_not_exist"]}},
    ),
    Scenario(
        "two-lines-one-product",
        "resource-crud-failure",
        409,
        lambda s: s.api.post(
            "/api/orders/", new_order(s, (s.product.pk, 1), (s.product.pk, 2)), format="json"
        ),
        {"detail": CONFLICT},
    ),
    Scenario(
        "negative-price",
        "parameters-out-of-range",
        400,
        lambda s: s.api.patch(f"/api/products/{s.product.pk}/", {"price": "-1.00"}, format="json"),
        {"codes": {"price": ["min_value"]}},
    ),
    Scenario(
        "product-on-an-order",
        "resource-crud-failure",
        409,
        lambda s: s.api.delete(f"/api/products/{s.product.pk}/"),
        {"detail": "The resource is still referenced by other resources."},
    ),
    Scenario(
        "out-of-stock",
        "resource-crud-failure",
        409,
        lambda s: s.api.post(f"/api/orders/{s.order.pk}/ship/"),
        {"detail": "Only 1 of KB-001 left, 2 ordered.", "exception_code": "out_of_stock"},
    ),
    Scenario(
        "unknown-product",
        "not-found",
        404,
        lambda s: s.api.get("/api/products/999999/"),
        {"detail": "No Product matches the given query."},
    ),
    Scenario(
        "third-restock",
        "too-many-requests",
        429,
        restocked_thrice,
        headers={"Retry-After": "[1-9][0-9]?"},
    ),
    # HTTP
    Scenario(
        "malformed-json",
        "malformed-request-body",
        400,
        lambda s: s.api.post("/api/customers/", "{not json", content_type="application/json"),
    ),
    Scenario(
        "datasheet-as-json",
        "unsupported-media-type",
        415,
        lambda s: s.api.post(
            f"/api/products/{s.product.pk}/datasheet/", {"datasheet": "x"}, format="json"
        ),
        headers={"Accept": "multipart/form-data, application/x-www-form-urlencoded"},
    ),
    Scenario(
        "body-too-large",
        "payload-too-large",
        413,
        lambda s: s.api.post(
            "/api/customers/", {"name": "x" * BIG, "email": "big@example.com"}, format="json"
        ),
        {"max_size": 2_621_440},
    ),
    Scenario(
        "csv-only-client",
        "not-acceptable",
        406,
        lambda s: s.api.get("/api/orders/", HTTP_ACCEPT="text/csv"),
    ),
    Scenario(
        "session-without-csrf",
        "forbidden",
        403,
        session_post,
        {"detail": "CSRF Failed: CSRF cookie not set."},
    ),
    Scenario(
        "disallowed-host",
        "bad-request",
        400,
        lambda s: s.api.get("/api/orders/", HTTP_HOST="evil.example"),
    ),
    Scenario(
        "maintenance",
        "service-temporarily-unavailable",
        503,
        lambda s: s.api.get("/api/orders/"),
        headers={"Retry-After": "30"},
        within=maintenance,
    ),
    Scenario(
        "crash",
        "internal-platform-error",
        500,
        lambda s: s.anon.get("/api/products/"),
        {"detail": "An unexpected error occurred. Quote the instance value to support."},
        within=crashing_products,
    ),
    Scenario("unknown-url", "not-found", 404, lambda s: s.anon.get("/api/warehouses/")),
    Scenario(
        "restock-with-get",
        "invalid-http-method",
        405,
        lambda s: s.api.get(f"/api/products/{s.product.pk}/restock/"),
        headers={"Allow": "POST, OPTIONS"},
    ),
]
SLUGS = {scenario.name: scenario.slug for scenario in SCENARIOS}


def check_body(scenario: Scenario, body: dict[str, Any]) -> list[str]:
    """What ``body`` lacks of the members the scenario expects."""
    return [
        f"{scenario.name}: {member} is {body.get(member)!r}, not {value!r}"
        for member, value in scenario.body.items()
        if body.get(member) != value
    ]


@pytest.fixture
def recorded(shop: Shop) -> list[clients.Recorded]:
    """Every scenario's response from the test client, checked (caches cleared between)."""
    responses = []
    for scenario in SCENARIOS:
        with scenario.within():
            response: HttpResponse = scenario.make(shop)
        body = problem(response, scenario.status, scenario.slug)
        assert not check_body(scenario, body), check_body(scenario, body)
        for header, pattern in scenario.headers.items():
            value = response.get(header, "")
            assert re.fullmatch(pattern, value), (scenario.name, header, value)
        responses.append(clients.record(scenario.name, scenario.slug, response))
        for cache in caches.all(initialized_only=True):
            cache.clear()
    return responses


def live_calls(url: str, s: Shop) -> dict[str, dict[str, Any]]:
    """Each scenario with an operation, as a call of the generated client (the driver's
    ``call``: tests/generators/python_client_check.py) to the shop at ``url``, by scenario name.

    A ``body`` goes on the wire only, as the JSON the shop's clients send, not as the typed
    argument: the shop's bodies take three media types (DRF's parsers: JSON, form, multipart),
    and the generated code of openapi-python-client 0.29.1 runs every branch of its body ``if``
    for the one body class, so the last wins and it sends multipart under a fixed
    ``boundary=+++`` (https://github.com/openapi-generators/openapi-python-client/issues/1276),
    after failing on a nested list (an order's lines) in ``to_multipart()``. Without the
    argument no branch runs; the body is optional in that code
    (https://github.com/openapi-generators/openapi-python-client/issues/1451).
    """

    def call(
        operation: str,
        token: str | None = s.access,
        *,
        versioned: bool = True,
        body: dict[str, Any] | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"api_version": "1.0"} if versioned else {}
        kwargs.update(options.pop("kwargs", {}))
        wire = options.pop("wire", {})
        if body is not None:
            json_body = {"headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
            wire = {**json_body, **wire}
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers.update(options.pop("headers", {}))
        return {
            "operation": operation,
            "call": {
                "base_url": url,
                "kwargs": kwargs,
                "headers": headers,
                "wire": wire,
                **options,
            },
        }

    product, order, customer = s.product.pk, s.order.pk, s.customer.pk
    return {
        "invalid-min-price": call("products_list", None, params={"min_price": "abc"}),
        "invalid-min-price-on-a-product": call(
            "products_retrieve", None, kwargs={"id": product}, params={"min_price": "abc"}
        ),
        "page-past-the-end": call("products_list", None, kwargs={"page": 9}),
        "wrong-password": call("token_create", None, versioned=False, body=WRONG_LOGIN),
        "garbage-refresh-token": call(
            "token_refresh_create", None, versioned=False, body={"refresh": "not.a.jwt"}
        ),
        "access-token-as-refresh-token": call(
            "token_refresh_create", None, versioned=False, body={"refresh": s.access}
        ),
        "garbage-jwt": call("orders_list", "not.a.jwt"),
        "expired-jwt": call("orders_list", s.expired),
        "refresh-token-as-access-token": call("orders_list", s.refresh),
        "no-credentials": call("orders_list", None),
        "inactive-user-jwt": call("orders_list", s.inactive),
        "malformed-bearer-header": call("orders_list", "two parts"),
        "unknown-drf-token": call(
            "orders_list", None, headers={"Authorization": "Token " + "0" * 40}
        ),
        "auth-token-wrong-password": call(
            "auth_token_create", None, versioned=False, body=WRONG_LOGIN
        ),
        "missing-api-version": call("orders_list", wire={"query": ""}),
        "unsupported-api-version": call("products_list", wire={"query": "api-version=2.0"}),
        "merge-into-itself": call(
            "customers_merge_create", body={"duplicate": customer, "keep": customer}
        ),
        "merge-unknown-customer": call(
            "customers_merge_create", body={"duplicate": 999999, "keep": customer}
        ),
        "blank-name-taken-email": call(
            "customers_create", body={"name": "", "email": s.customer.email}
        ),
        "order-with-unknown-ids": call(
            "orders_create", body=new_order(s, (product, 1), (999998, 1), customer=999999)
        ),
        "negative-price": call(
            "products_partial_update", kwargs={"id": product}, body={"price": "-1.00"}
        ),
        "two-lines-one-product": call(
            "orders_create", body=new_order(s, (product, 1), (product, 2))
        ),
        "product-on-an-order": call("products_destroy", kwargs={"id": product}),
        "out-of-stock": call("orders_ship_create", kwargs={"id": order}),
        "unknown-product": call("products_retrieve", kwargs={"id": 999999}),
        "third-restock": call(
            "products_restock_create", kwargs={"id": product}, body={"quantity": 5}, before=2
        ),
        "malformed-json": call(
            "customers_create",
            body={"name": "Ada", "email": "ada.l@example.com"},
            wire={"body": "{not json"},
        ),
        "datasheet-as-json": call(
            "products_datasheet_create",
            kwargs={"id": product},
            wire={"headers": {"Content-Type": "application/json"}, "body": '{"datasheet": "x"}'},
        ),
        "body-too-large": call(
            "customers_create", body={"name": "x" * BIG, "email": "big@example.com"}
        ),
        "csv-only-client": call("orders_list", headers={"Accept": "text/csv"}),
        "session-without-csrf": call(
            "customers_create",
            None,
            headers={"Cookie": f"sessionid={s.session}"},
            body={"name": "Bob", "email": "bob@example.com"},
        ),
        "disallowed-host": call("orders_list", headers={"Host": "evil.example"}),
        "maintenance": call("orders_list"),
        "crash": call("products_list", None),
    }


# ---------------------------------------------------------------------------------------------
# The tests


def test_pydantic_models_take_each_problem_once(
    python_tools: clients.PythonTools,
    pydantic_models: Path,
    oas_schema: dict[str, Any],
    recorded: list[clients.Recorded],
) -> None:
    clients.assert_pydantic_models_take_each_problem_once(
        python_tools, pydantic_models, oas_schema, recorded
    )


def test_python_client_parses_recorded_problems(
    python_client: Path, oas_schema: dict[str, Any], recorded: list[clients.Recorded]
) -> None:
    cases = clients.replay_cases(oas_schema, recorded, OPERATIONLESS)
    clients.assert_all_parsed(oas_schema, SLUGS, clients.run_python_client(python_client, cases))


def test_live_calls_cover_every_scenario_with_an_operation(shop: Shop) -> None:
    """The live calls and the scenarios stay one list: every scenario but the operation-less
    ones is made through the generated client."""
    names = [scenario.name for scenario in SCENARIOS]
    assert set(OPERATIONLESS) <= set(names)
    assert sorted(live_calls("http://testserver", shop)) == sorted(
        name for name in names if name not in OPERATIONLESS
    )


def test_python_client_installs_as_a_package(
    python_client: Path, oas_schema: dict[str, Any]
) -> None:
    """pip installs it (``info.version`` is a valid version) and it imports."""
    result = clients.run([
        python_client, "-c",
        f"import importlib.metadata, {clients.PACKAGE}.client; "
        "print(importlib.metadata.version('api-client'))",
    ])  # fmt: skip
    assert result.stdout.strip() == oas_schema["info"]["version"] == "1.0"


@pytest.mark.server
def test_python_client_parses_live_problems(
    python_client: Path, oas_schema: dict[str, Any], shop: Shop, live_server: Any
) -> None:
    """Through the generated client against the shop under pytest-django's live server (a
    thread of this process: the switches and bugs of :attr:`Scenario.within` reach it)."""
    calls = live_calls(live_server.url, shop)
    groups: dict[Callable[[], contextlib.AbstractContextManager[Any]], list[str]] = {}
    for scenario in SCENARIOS:
        if scenario.name in calls:
            groups.setdefault(scenario.within, []).append(scenario.name)
    results = []
    for within, names in groups.items():
        with within():
            cases = [{"name": name, **calls[name]} for name in names]
            results += clients.run_python_client(python_client, cases)
    scenarios = {scenario.name: scenario for scenario in SCENARIOS}
    wrong_bodies = [
        wrong
        for result in results
        if "body" in result
        for wrong in check_body(scenarios[result["name"]], result["body"])
    ]
    assert not wrong_bodies, wrong_bodies
    assert len(results) == len(SCENARIOS) - len(OPERATIONLESS)
    clients.assert_all_parsed(oas_schema, SLUGS, results)


def test_typescript_switch_on_code_compiles(
    node_tools: clients.NodeTools, typescript: Path
) -> None:
    compiled, output = clients.tsc(node_tools, typescript, "adopter.ts", PROGRAM.read_text())
    assert compiled, output


def test_typescript_switch_missing_a_case_does_not_compile(
    node_tools: clients.NodeTools, typescript: Path
) -> None:
    """adopter.ts without its ``token_not_valid`` case: the ``never`` branch receives
    ``TokenNotValidProblem``. Proves the exhaustiveness check can fail."""
    program = PROGRAM.read_text()
    assert program.count(TOKEN_NOT_VALID_CASE) == 1
    missing = program.replace(TOKEN_NOT_VALID_CASE, "")
    compiled, output = clients.tsc(node_tools, typescript, "missing_case.ts", missing)
    assert not compiled, "tsc accepted a switch that misses a problem type"
    assert re.search(r"error TS2322: .*code: \"token_not_valid\".* to type 'never'", output), output
