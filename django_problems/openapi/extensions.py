"""drf-spectacular security schemes for the package's authentication classes.

Found by drf-spectacular through their target class, so Swagger UI's "Authorize" dialog can send
an API key. Importing this module registers them (:mod:`.schema` does).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """``ApiKeyAuthentication``: a key in a request header (default ``X-Api-Key``)."""

    target_class = "django_problems.api_keys.authentication.ApiKeyAuthentication"
    match_subclasses = True  # a project's own key authentication is documented the same way
    name = "apiKey"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        from django_problems.api_keys.settings import api_keys_settings

        return {
            "type": "apiKey",
            "in": "header",
            "name": api_keys_settings().HEADER,
            "description": "An API key: <prefix>_<id>.<secret>.",
        }


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """``AccessTokenAuthentication``: a key in a query parameter (default ``access_token``)."""

    target_class = "django_problems.api_keys.authentication.AccessTokenAuthentication"
    match_subclasses = True
    priority = 1  # wins over ApiKeyScheme, which matches its base class too
    name = "accessToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        from django_problems.api_keys.settings import api_keys_settings

        return {
            "type": "apiKey",
            "in": "query",
            "name": api_keys_settings().ACCESS_TOKEN_PARAM or "access_token",
            "description": "An API key passed as a query parameter.",
        }


class SignedRequestScheme(OpenApiAuthenticationExtension):
    """``SignedRequestAuthentication``: the API key plus RFC 9421 ``Signature`` headers.

    OpenAPI has no scheme for HTTP message signatures, so the headers that go together are
    documented as API-key schemes required together.
    """

    target_class = "django_problems.signatures.authentication.SignedRequestAuthentication"
    match_subclasses = True
    priority = 1  # wins over ApiKeyScheme, which matches its base class too
    name = ["signedApiKey", "signature", "signatureInput"]

    def get_security_definition(self, auto_schema: AutoSchema) -> list[dict[str, Any]]:
        from django_problems.api_keys.settings import api_keys_settings

        return [
            {"type": "apiKey", "in": "header", "name": api_keys_settings().HEADER},
            {
                "type": "apiKey",
                "in": "header",
                "name": "Signature",
                "description": "RFC 9421 ed25519 signature over @method, @target-uri, "
                "content-digest and the key header (send Content-Digest, RFC 9530).",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": "Signature-Input",
                "description": "RFC 9421 signature parameters: created, nonce and keyid.",
            },
        ]
