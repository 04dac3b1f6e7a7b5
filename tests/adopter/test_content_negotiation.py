"""Point 4: browsers get JSON problems; only a client that asks for the problem XML type gets
XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.adopter.problems import problem
from tests.clients import VersionedClient

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NS = "{urn:ietf:rfc:7807}"


def test_browser_accept_gets_json_from_a_drf_view(api: VersionedClient) -> None:
    response = api.get("/api/products/999/", HTTP_ACCEPT=BROWSER_ACCEPT)

    body = problem(response, 404, "not-found")
    assert body["detail"] == "No Product matches the given query."


def test_browser_accept_gets_json_for_an_unknown_api_url(anon: VersionedClient) -> None:
    response = anon.get("/api/nowhere/", HTTP_ACCEPT=BROWSER_ACCEPT)

    problem(response, 404, "not-found")


def test_browser_accept_gets_json_for_a_validation_error(api: VersionedClient) -> None:
    response = api.post(
        "/api/customers/", {"name": "Bob"}, format="json", HTTP_ACCEPT=BROWSER_ACCEPT
    )

    body = problem(response, 400, "invalid-parameters")
    assert body["codes"] == {"email": ["required"]}


def test_plain_xml_accept_gets_json(api: VersionedClient) -> None:
    response = api.get("/api/nowhere/", HTTP_ACCEPT="application/xml")

    problem(response, 404, "not-found")


def test_problem_xml_accept_gets_xml(anon: VersionedClient) -> None:
    response = anon.get("/api/nowhere/", HTTP_ACCEPT="application/problem+xml")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}problem"
    assert root.findtext(f"{NS}type") == "https://shop.example.com/problems/#not-found"
    assert root.findtext(f"{NS}status") == "404"


def test_problem_xml_preferred_over_json_gets_xml_from_a_drf_view(api: VersionedClient) -> None:
    response = api.post(
        "/api/customers/",
        {"name": "Bob"},
        format="json",
        HTTP_ACCEPT="application/problem+xml, application/json;q=0.5",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.findtext(f"{NS}type") == "https://shop.example.com/problems/#invalid-parameters"
    assert root.findtext(f"{NS}errors/{NS}email/{NS}i") == "This field is required."
    assert root.findtext(f"{NS}codes/{NS}email/{NS}i") == "required"


def test_problem_xml_only_is_not_acceptable_to_a_drf_view_in_xml(api: VersionedClient) -> None:
    # The view renders JSON only, so DRF refuses the request; the refusal is in the XML asked for.
    response = api.get("/api/customers/", HTTP_ACCEPT="application/problem+xml")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.findtext(f"{NS}type") == "https://shop.example.com/problems/#not-acceptable"


def test_json_preferred_over_problem_xml_gets_json(api: VersionedClient) -> None:
    response = api.get(
        "/api/products/999/", HTTP_ACCEPT="application/json, application/problem+xml;q=0.5"
    )

    problem(response, 404, "not-found")
