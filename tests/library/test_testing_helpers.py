"""``assert_problem`` catches what it promises to catch."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, JsonResponse

from django_problems.problem import Problem
from django_problems.testing import assert_problem, problem_body
from django_problems.writer import render


def rendered(slug: str, **kwargs):
    return render(Problem.of_slug(slug, **kwargs))


def test_accepts_a_correct_problem_and_returns_the_body():
    body = assert_problem(rendered("not-found", detail="gone"), "not-found", detail="gone")
    assert body["status"] == 404


def test_checks_members_and_errors():
    response = rendered("invalid-parameters", extensions={"errors": {"a": ["x"]}})
    assert_problem(response, "invalid-parameters", errors={"a": ["x"]})
    with pytest.raises(AssertionError, match="errors are"):
        assert_problem(response, "invalid-parameters", errors={"b": ["x"]})
    with pytest.raises(AssertionError, match="resource is"):
        assert_problem(response, "invalid-parameters", resource="x")
    with pytest.raises(AssertionError, match="pass type as an argument"):
        assert_problem(response, "invalid-parameters", type="x")


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (JsonResponse({"detail": "x"}, status=404), "Content-Type"),
        (HttpResponse("[]", status=404, content_type="application/problem+json"), "not an object"),
    ],
)
def test_rejects_non_problems(response, message):
    with pytest.raises(AssertionError, match=message):
        assert_problem(response, "not-found")


def test_rejects_the_wrong_type_status_or_headers():
    response = rendered("not-found")
    with pytest.raises(AssertionError, match="type is"):
        assert_problem(response, "forbidden")
    with pytest.raises(AssertionError, match="HTTP status 404, expected 410"):
        assert_problem(response, "not-found", status=410)
    del response["Cache-Control"]
    with pytest.raises(AssertionError):
        assert_problem(response, "not-found")
    unauthorised = rendered("unauthorised")
    del unauthorised["WWW-Authenticate"]
    with pytest.raises(AssertionError, match="401 without WWW-Authenticate"):
        assert_problem(unauthorised, "unauthorised")


def test_body_status_must_equal_http_status():
    response = rendered("not-found")
    response.status_code = 200
    with pytest.raises(AssertionError, match="body status 404 != HTTP status 200"):
        assert_problem(response, "not-found")


def test_about_blank():
    response = render(Problem.of_status(418))
    assert_problem(response, None, status=418)
    assert problem_body(response)["title"] == "I'm a Teapot"
