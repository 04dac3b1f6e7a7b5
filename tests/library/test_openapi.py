"""The OpenAPI integration: components, per-operation problems, versions, security, checks.

On the test app's schema (``tests.library.urls``). What each operation of the example project
documents is checked by tests/example/test_example_schema.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from django_problems.catalogue import get_catalogue
from django_problems.openapi.checks import check_openapi_classes, check_openapi_settings
from django_problems.openapi.components import response_name
from django_problems.serializer_errors import parse_dotted, pointer
from django_problems.testing import assert_problem
from tests import schemas
from tests.schemas import resolve, slugs_at, statuses

URLCONF = "tests.library.urls"


def generate(version: str | None = None) -> dict[str, Any]:
    return schemas.generate(URLCONF, version)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return generate()


# The schema as a whole


@pytest.mark.parametrize("version", [None, "1.0", "1.1"])
def test_the_schema_is_valid_openapi(version):
    validate(generate(version))


def test_the_spectacular_command_writes_a_valid_schema_without_errors(tmp_path, capsys):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), "--urlconf", URLCONF, "--fail-on-warn")
    validate(yaml.safe_load(out.read_text()))
    err = capsys.readouterr().err
    assert "Error" not in err
    assert "Warning" not in err


def test_description_links_the_problem_type_docs(schema):
    docs = get_catalogue().base_url
    assert docs in schema["info"]["description"]
    assert schema["externalDocs"]["url"] == docs


# Components


def test_every_catalogue_type_can_have_a_component_whose_example_validates(schema):
    from django_problems.openapi.components import base_schema, example_component, type_schema

    components = {"Problem": base_schema()}
    for problem_type in get_catalogue():
        component = type_schema(problem_type)
        components[f"{problem_type.slug}"] = component
        full = {"components": {"schemas": components}, **component}
        assert "example" not in component  # stored once, as the example component
        OAS30Validator(full).validate(example_component(problem_type)["value"])
        uri = get_catalogue().type_uri(problem_type.slug)
        assert component["externalDocs"]["url"] == uri
        constants = component["properties"]
        assert constants["code"]["enum"] == [problem_type.code]
        status = constants["status"]
        assert status["minimum"] == status["maximum"] == problem_type.status
        # The type URI: its slug on any deployment's base URL (generated clients must not reject a
        # body from staging because the schema came from production)
        assert re.search(constants["type"]["pattern"], uri)
        assert re.search(
            constants["type"]["pattern"], f"https://other.example/x/#{problem_type.slug}"
        )
        assert "allOf" not in component  # complete on its own: generators merge allOf badly


def test_a_body_of_another_type_does_not_validate_against_a_type_schema():
    from django_problems.openapi.components import base_schema, example, type_schema

    catalogue = get_catalogue()
    component = type_schema(catalogue.get("not-found"))
    full = {"components": {"schemas": {"Problem": base_schema()}}, **component}
    assert not OAS30Validator(full).is_valid(example(catalogue.get("forbidden")))


def test_base_schema_follows_rfc_9457_appendix_a(schema):
    base = schema["components"]["schemas"]["Problem"]
    assert base["properties"]["type"]["format"] == "uri-reference"
    assert base["properties"]["status"] == {
        "type": "integer",
        "minimum": 100,
        "maximum": 599,
        "description": base["properties"]["status"]["description"],
    }
    assert base["xml"]["name"] == "problem"


def test_errors_and_codes_are_objects_of_string_arrays(schema):
    props = schema["components"]["schemas"]["InvalidParametersProblem"]["properties"]
    for name in ("errors", "codes"):
        assert props[name]["type"] == "object"
        assert props[name]["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


@override_settings(
    PROBLEMS={
        **settings.PROBLEMS,
        "ERRORS_FORMAT": "list",
        "TYPE_BASE_URL": "https://errors.example/problems/",
    }
)
def test_list_format_documents_the_list_shape_and_converts_the_examples():
    schema = generate()
    validate(schema)
    component = schema["components"]["schemas"]["InvalidParametersProblem"]
    props = component["properties"]
    assert props["errors"]["type"] == "array"
    assert "codes" not in props
    example = schema["components"]["examples"]["InvalidParametersExample"]["value"]
    assert example["errors"][1] == {
        "detail": "A valid integer is required.",
        "pointer": "#/items/0/quantity",
        "code": "invalid",
    }
    full = {"components": schema["components"], **component}
    OAS30Validator(full).validate(example)


def test_pointer_of_dotted_paths():
    assert pointer(parse_dotted("items[0].sku")) == "#/items/0/sku"
    assert pointer(parse_dotted("a/b.c~d")) == "#/a~1b/c~0d"


def test_response_components_are_shared_not_per_operation(schema):
    refs = [
        r["$ref"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for status, r in operation["responses"].items()
        if status != "default" and int(status) >= 400
    ]
    assert refs and all(ref.startswith("#/components/responses/") for ref in refs)
    assert len(set(refs)) < len(refs) / 3
    assert response_name(400, ["b", "a"]) == response_name(400, ["a", "b"])


def is_versioned(operation: dict[str, Any]) -> bool:
    return {"$ref": "#/components/parameters/ApiVersion"} in operation.get("parameters", [])


def test_every_operation_has_a_default_problem_response(schema):
    seen = set()
    for operations in schema["paths"].values():
        for operation in operations.values():
            name = "problem" if is_versioned(operation) else "problem-unversioned"
            assert operation["responses"]["default"] == {"$ref": f"#/components/responses/{name}"}
            seen.add(name)
    assert seen == {"problem", "problem-unversioned"}
    for name in seen:
        default = resolve(schema, {"$ref": f"#/components/responses/{name}"})
        assert (
            resolve(schema, default["content"]["application/problem+json"]["schema"])
            == (schema["components"]["schemas"]["Problem"])
        )


def test_unversioned_operations_document_no_version_headers(schema):
    """A view ApiVersioning does not version never sends api-supported-versions."""
    counts = {True: 0, False: 0}
    for operations in schema["paths"].values():
        for operation in operations.values():
            versioned = is_versioned(operation)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) or status == "default":
                    headers = resolve(schema, response).get("headers", {})
                    assert ("api-supported-versions" in headers) is versioned, status
                    counts[versioned] += 1
    assert counts[True] and counts[False]


def test_unions_are_named_components_with_a_discriminator_on_code(schema):
    response = resolve(schema, schema["paths"]["/api/workers"]["get"]["responses"]["401"])
    ref = response["content"]["application/problem+json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/Problem401ExpiredAccountOrUnauthorised"
    union = resolve(schema, {"$ref": ref})
    assert union["discriminator"] == {
        "propertyName": "code",
        "mapping": {
            "E_API_AUTH_EXPIRED_ACCOUNT": "#/components/schemas/ExpiredAccountProblem",
            "E_API_UNAUTHORISED": "#/components/schemas/UnauthorisedProblem",
        },
    }


def test_the_api_version_parameter_is_one_shared_component(schema):
    ref = {"$ref": "#/components/parameters/ApiVersion"}
    versioned = [
        operation
        for operations in schema["paths"].values()
        for operation in operations.values()
        if ref in operation.get("parameters", [])
    ]
    assert len(versioned) > 3
    assert not any(
        p.get("name") == "api-version" for op in versioned for p in op.get("parameters", [])
    )
    parameter = schema["components"]["parameters"]["ApiVersion"]
    assert parameter["in"] == "query" and parameter["name"] == "api-version"
    # Its values are a schema component too: one enum type in a generated client, not one per
    # operation.
    assert parameter["schema"] == {"$ref": "#/components/schemas/ApiVersion"}
    assert schema["components"]["schemas"]["ApiVersion"]["enum"] == ["1.0", "1.1"]


def test_responses_carry_examples_headers_and_the_problem_json_media_type(schema):
    unauthorised = resolve(schema, schema["paths"]["/api/workers"]["get"]["responses"]["401"])
    assert unauthorised["headers"]["WWW-Authenticate"]["required"] is True
    content = unauthorised["content"]
    assert set(content) == {"application/problem+json"}  # XML only with OPENAPI["XML"]
    examples = content["application/problem+json"]["examples"]
    assert set(examples) == {"unauthorised", "expired-account"}
    example = resolve(schema, examples["expired-account"])
    assert example["value"]["type"] == get_catalogue().type_uri("expired-account")
    unavailable = resolve(schema, schema["paths"]["/api/workers"]["get"]["responses"]["503"])
    assert unavailable["headers"]["Retry-After"]["required"] is True


# What each operation documents


def test_a_public_unversioned_operation_documents_no_credential_or_version_problem(schema):
    operation = schema["paths"]["/api/status"]["get"]
    names = {resolve(schema, p)["name"] for p in operation.get("parameters", [])}
    assert "api-version" not in names
    assert statuses(schema, "/api/status", "get") == {400, 406, 413, 500, 503}
    assert slugs_at(schema, "/api/status", "get", 400) == {"bad-request"}


def test_no_405_is_ever_documented(schema):
    assert all(405 not in statuses(schema, p, m) for p, ops in schema["paths"].items() for m in ops)


def test_api_version_parameter_is_required_with_pattern_and_enum(schema):
    from django_problems.versioning.settings import VERSION_PATTERN

    params = [resolve(schema, p) for p in schema["paths"]["/api/workers"]["get"]["parameters"]]
    version = next(p for p in params if p["name"] == "api-version")
    assert version["in"] == "query" and version["required"] is True
    assert resolve(schema, version["schema"])["pattern"] == VERSION_PATTERN
    assert resolve(schema, version["schema"])["enum"] == ["1.0", "1.1"]


def test_a_project_status_override_moves_the_documented_response():
    with override_settings(
        PROBLEMS={
            "TYPES": {"invalid-api-version": {"status": 401}},
            "VERSIONING": {"SUPPORTED": ["1.0"]},
        }
    ):
        schema = generate()
    assert "invalid-api-version" in slugs_at(schema, "/api/workers", "get", 401)
    assert slugs_at(schema, "/api/workers", "get", 400) == {"bad-request"}


def test_the_always_setting_adds_types_everywhere():
    with override_settings(
        PROBLEMS={**settings.PROBLEMS, "OPENAPI": {"ALWAYS": ["resource-crud-failure"]}}
    ):
        schema = generate()
    assert 409 in statuses(schema, "/api/search", "get")


def test_decorator_adds_and_removes(schema):
    from rest_framework.response import Response
    from rest_framework.views import APIView

    from django_problems.openapi import problem_responses
    from django_problems.openapi.rules import Operation
    from django_problems.openapi.schema import AutoSchema

    @problem_responses("resource-crud-failure", remove=(503, "bad-request"))
    class View(APIView):
        def get(self, request: Any) -> Response:
            return Response()

        @problem_responses(remove=(409,))
        def post(self, request: Any) -> Response:
            return Response()

    view = View()
    auto = AutoSchema()
    auto.view = view
    get = auto.problem_statuses(Operation(view=view, method="GET", path="/x"))
    assert 409 in get and 503 not in get and "bad-request" not in get.get(400, set())
    post = auto.problem_statuses(Operation(view=view, method="POST", path="/x"))
    assert 409 not in post


# Versions


def test_a_deprecated_version_schema_marks_its_operations():
    old = generate("1.0")
    assert old["info"]["version"] == "1.0"  # the API's version alone, as generators expect
    assert "1.0 is deprecated" in old["info"]["description"]
    operation = old["paths"]["/api/workers"]["get"]
    assert operation["deprecated"] is True
    params = [resolve(old, p) for p in operation["parameters"]]
    version = next(p for p in params if p["name"] == "api-version")
    assert resolve(old, version["schema"])["enum"] == ["1.0"] and version["deprecated"] is True
    current = generate("1.1")
    assert "deprecated" not in current["paths"]["/api/workers"]["get"]


def test_schema_view_serves_one_schema_per_version(client):
    accept = "application/vnd.oai.openapi+json"
    response = client.get("/schema/?version=1.0", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert "1.0" in json.loads(response.content)["info"]["version"]
    response = client.get("/schema/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    validate(json.loads(response.content))


def test_schema_view_for_an_unknown_version_is_a_not_found_problem(client):
    response = client.get("/schema/?version=9.9")
    assert_problem(response, "not-found", status=404)


# Security schemes


def test_api_key_security_scheme_lets_swagger_send_a_key(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["apiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": schemes["apiKey"]["description"],
    }
    assert schema["paths"]["/api/workers"]["get"]["security"] == [{"apiKey": []}]


def test_signed_requests_document_every_header(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["signature"]["name"] == "Signature"
    assert schemes["signatureInput"]["name"] == "Signature-Input"
    security = schema["paths"]["/api/workers/{id}/payout"]["post"]["security"]
    assert security == [{"signedApiKey": [], "signature": [], "signatureInput": []}]
    assert slugs_at(schema, "/api/workers/{id}/payout", "post", 401) == {
        "unauthorised",
        "expired-account",
        "request-already-received",
    }


# System checks


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"NOPE": 1}, ["django_problems.E181"]),
        ({"XML": "yes"}, ["django_problems.E182"]),
        ({"ALWAYS": ["no-such-type"]}, ["django_problems.E183"]),
        ({"XML": False, "ALWAYS": ["not-found"], "DEPRECATE_OPERATIONS": True}, []),
    ],
)
def test_openapi_settings_checks(section, expected):
    with override_settings(PROBLEMS={**settings.PROBLEMS, "OPENAPI": section}):
        assert ids(check_openapi_settings()) == expected


def test_class_checks_pass_with_our_classes_and_warn_without_them(settings):
    assert check_openapi_classes() == []
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }
    settings.SPECTACULAR_SETTINGS = {}
    assert ids(check_openapi_classes()) == ["django_problems.W180", "django_problems.W181"]


def test_xml_on_documents_both_media_types():
    with override_settings(PROBLEMS={**settings.PROBLEMS, "OPENAPI": {"XML": True}}):
        schema = generate()
    validate(schema)
    response = resolve(schema, schema["paths"]["/api/workers/{id}"]["get"]["responses"]["404"])
    content = response["content"]
    assert set(content) == {"application/problem+json", "application/problem+xml"}
    assert (
        content["application/problem+xml"]["schema"]
        == content["application/problem+json"]["schema"]
    )


def test_response_names_are_short_and_name_their_set():
    catalogue = get_catalogue()
    assert response_name(404, ["not-found"]) == "404"
    assert response_name(403, ["forbidden"]) == "403"  # every 403 type of this project
    assert response_name(400, ["bad-request"]) == "400-bad-request"
    every_401 = [t.slug for t in catalogue if t.status == 401]
    assert response_name(401, every_401) == "401"
    two = response_name(400, ["bad-request", "invalid-parameters"])
    assert two.startswith("400-") and len(two) == len("400-") + 6
    assert two != response_name(400, ["bad-request", "malformed-request-body"])
    assert response_name(400, ["a", "b"], digits=40).endswith(hashlib.sha1(b"a b |").hexdigest())
    signed = response_name(401, every_401, variant=["Accept-Signature"])
    assert signed != response_name(401, every_401) and signed.startswith("401-")


def test_a_digest_collision_still_gives_each_set_its_own_response(monkeypatch):
    from django_problems.openapi import components

    real = components.response_name

    def colliding(status: int, slugs: Any, *, variant: Any = (), digits: int = 6) -> str:
        if digits > 6:
            return real(status, slugs, variant=variant, digits=digits)
        return f"{status}-same"

    monkeypatch.setattr(components, "response_name", colliding)
    schema = generate()
    validate(schema)
    names = {
        r["$ref"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for status, r in operation["responses"].items()
        if status == "400"
    }
    assert len(names) > 1  # one per set, however the short names collide
    assert slugs_at(schema, "/api/workers", "get", 400) == {"bad-request", "invalid-api-version"}
    assert "invalid-parameters" in slugs_at(schema, "/api/workers", "post", 400)


def test_every_problem_schema_documents_the_optional_trace_id(schema):
    schemas = schema["components"]["schemas"]
    problems = [name for name in schemas if name.endswith("Problem") or name == "Problem"]
    assert len(problems) > 10
    for name in problems:
        member = schemas[name]["properties"]["trace_id"]
        assert member["pattern"] == "^[0-9a-f]{32}$", name
        assert "trace_id" not in schemas[name]["required"], name


def test_a_declaration_naming_no_type_is_a_check_error():
    from django_problems.openapi.checks import check_declarations
    from django_problems.openapi.declarations import OpenApiProblemsExtension

    assert check_declarations() == []

    class Misspelt(OpenApiProblemsExtension):  # type: ignore[no-untyped-call]
        target_class = "rest_framework.permissions.IsAdminUser"
        slugs = ("forbiden",)

    try:
        messages = check_declarations()
    finally:
        OpenApiProblemsExtension._registry.remove(Misspelt)
    assert [m.id for m in messages] == ["django_problems.E185"]
    assert "'forbiden'" in messages[0].msg and "Misspelt" in messages[0].msg
    assert check_declarations() == []


def test_a_declaration_of_an_absent_package_is_not_checked():
    from django_problems.openapi.checks import check_declarations
    from django_problems.openapi.declarations import OpenApiProblemsExtension

    class Elsewhere(OpenApiProblemsExtension):  # type: ignore[no-untyped-call]
        target_class = "not_installed_anywhere.Auth"
        slugs = ("no-such-type",)

    try:
        assert check_declarations() == []
    finally:
        OpenApiProblemsExtension._registry.remove(Elsewhere)


def test_problem_slugs_naming_no_type_warn_at_generation(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS

    from django_problems.openapi.declarations import declared_slugs

    class LicenseCheck:
        problem_slugs = ("license-expird",)

    GENERATOR_STATS.reset()
    assert declared_slugs(LicenseCheck) == ("license-expird",)
    assert "LicenseCheck.problem_slugs names 'license-expird'" in capsys.readouterr().err
    assert GENERATOR_STATS._warn_cache
