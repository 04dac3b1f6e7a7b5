"""The signing building blocks: RFC 9421 test vector, structured fields, digests, the client."""

from __future__ import annotations

import base64
import hashlib
import shlex

import pytest

from django_problems.signatures import crypto
from django_problems.signatures.base import parse_signatures, signature_base
from django_problems.signatures.client import key_id_of, main, sign_request
from django_problems.signatures.digest import content_digest, digest_matches
from django_problems.signatures.structured import StructuredError, parse_dictionary
from tests.services import require_extra

require_extra("cryptography", "signatures")

# RFC 9421, Appendix B.1.4 (test-key-ed25519) and B.2.6 (signing a request using ed25519).
RFC_PUBLIC_KEY = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n"
    "-----END PUBLIC KEY-----\n"
)
RFC_INPUT = (
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length")'
    ';created=1618884473;keyid="test-key-ed25519"'
)
RFC_SIGNATURE = (
    "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WP"
    "pBKRCw==:"
)
RFC_VALUES = {
    "date": "Tue, 20 Apr 2021 02:07:55 GMT",
    "@method": "POST",
    "@path": "/foo",
    "@authority": "example.com",
    "content-type": "application/json",
    "content-length": "18",
}


def test_the_rfc_9421_ed25519_example_verifies() -> None:
    entry = parse_signatures(RFC_INPUT, RFC_SIGNATURE)["sig-b26"]
    base = signature_base([(n, RFC_VALUES[n]) for n in entry.components], entry.params_value())
    assert base.endswith(
        b'"@signature-params": ("date" "@method" "@path" "@authority" "content-type" '
        b'"content-length");created=1618884473;keyid="test-key-ed25519"'
    )
    public = crypto.normalize_public_key(RFC_PUBLIC_KEY)
    assert crypto.verify(public, entry.signature, base)
    assert not crypto.verify(public, entry.signature, base.replace(b"POST", b"GET"))


def test_the_rfc_9530_example_digest() -> None:
    # RFC 9530 section 2: {"hello": "world"} with a trailing newline.
    body = b'{"hello": "world"}\n'
    assert content_digest(body) == "sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:"
    assert digest_matches(content_digest(body, "sha-512"), body)
    assert digest_matches("unknown=:AAAA:, " + content_digest(body), body)
    assert not digest_matches("unknown=:AAAA:", body)
    assert not digest_matches(content_digest(body) + ", " + content_digest(b"x", "sha-512"), body)


@pytest.mark.parametrize(
    "text",
    [
        "a=(",
        "a=()x",
        'a="unterminated',
        'a="bad \\n escape"',
        "a=1.5",
        "a=?2",
        "a=:not base64!:",
        "A=1",
        "a=1,",
        "a=1 b=2",
        "a=@",
        "caf\u00e9=1",
        "a=" + "1" * 16,
    ],
)
def test_structured_field_parser_is_strict(text: str) -> None:
    with pytest.raises(StructuredError):
        parse_dictionary(text)


def test_structured_field_parser_reads_what_signatures_use() -> None:
    parsed = parse_dictionary('sig1=("@method" "x");created=1;keyid="k\\"q";flag, b=:AAE=:, t=?1')
    assert set(parsed) == {"sig1", "b", "t"}
    assert parse_dictionary("") == {}


def test_client_signatures_verify_with_the_public_key() -> None:
    private, public = crypto.generate_keypair()
    api_key = "demo_0123456789abcdef." + "A" * 43
    headers = sign_request(
        "post",
        "https://api.example.com/a?b=1",
        api_key=api_key,
        private_key=private,
        body=b"{}",
        created=1700000000,
        nonce="n" * 22,
    )
    assert headers["X-Api-Key"] == api_key
    assert headers["Content-Digest"] == content_digest(b"{}")
    assert headers["Signature-Input"] == (
        'sig1=("@method" "@target-uri" "content-digest" "x-api-key");created=1700000000;'
        f'nonce="{"n" * 22}";keyid="0123456789abcdef";alg="ed25519"'
    )
    entry = parse_signatures(headers["Signature-Input"], headers["Signature"])["sig1"]
    values = {
        "@method": "POST",
        "@target-uri": "https://api.example.com/a?b=1",
        "content-digest": headers["Content-Digest"],
        "x-api-key": api_key,
    }
    base = signature_base([(n, values[n]) for n in entry.components], entry.params_value())
    assert crypto.verify(public, entry.signature, base)


def test_keys_in_pem_and_base64_are_the_same_key() -> None:
    from cryptography.hazmat.primitives import serialization

    private, public = crypto.generate_keypair()
    key = crypto.load_private_key(private)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    assert crypto.public_key_of(pem) == public
    with pytest.raises(ValueError, match="32 bytes"):
        crypto.normalize_public_key(base64.b64encode(b"x" * 31).decode())
    with pytest.raises(ValueError, match="not base64"):
        crypto.normalize_public_key("%%%")
    assert not crypto.verify("%%%", b"sig", b"message")


def test_key_id_of_rejects_what_is_not_a_key() -> None:
    assert key_id_of("acme_0123456789abcdef.secret") == "0123456789abcdef"
    with pytest.raises(ValueError, match="not an API key"):
        key_id_of("Token abc")


def test_the_command_line_prints_a_curl_command(capsys: pytest.CaptureFixture[str]) -> None:
    private, _public = crypto.generate_keypair()
    key = "demo_0123456789abcdef." + "A" * 43
    url = "http://127.0.0.1:8000/api/workers/1/payout?api-version=1.1"
    assert (
        main(
            [
                "--method",
                "POST",
                "--url",
                url,
                "--data",
                '{"a": 1}',
                "--key",
                key,
                "--private-key",
                private,
            ]
        )
        == 0
    )
    words = shlex.split(capsys.readouterr().out)
    assert words[:5] == ["curl", "-sS", "-X", "POST", url]
    assert f"X-Api-Key: {key}" in words
    assert words[-2:] == ["--data-binary", '{"a": 1}']
    digest = base64.b64encode(hashlib.sha256(b'{"a": 1}').digest()).decode()
    assert f"Content-Digest: sha-256=:{digest}:" in words
    assert main(["--generate"]) == 0
    assert "private key" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--url", url])
