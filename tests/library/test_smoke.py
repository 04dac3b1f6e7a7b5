from django_problems.testing import assert_problem


def test_unknown_api_url_is_a_not_found_problem(client, db):
    response = client.get("/api/nope")
    assert_problem(response, "not-found")
