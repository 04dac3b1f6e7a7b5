"""Sign requests for an API that uses ``SignedRequestAuthentication`` (no Django needed).

>>> headers = sign_request("POST", "https://api.example.com/api/workers/1/payout?api-version=1.1",
...     body=b'{"amount": "12.50"}', api_key=KEY, private_key=PRIVATE_KEY)
>>> requests.post(url, data=body, headers={**headers, "Content-Type": "application/json"})

From a shell, ``python -m django_problems.signatures.client`` prints a ready ``curl`` command
(pipe it to ``sh``); ``--generate`` prints a new key pair.
"""

from __future__ import annotations

import argparse
import base64
import re
import secrets
import shlex
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from django_problems.signatures import crypto
from django_problems.signatures.base import derive_from_url, signature_base
from django_problems.signatures.digest import content_digest
from django_problems.signatures.structured import (
    BareItem,
    InnerList,
    Item,
    serialize_inner_list,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DEFAULT_HEADER: Final = "X-Api-Key"
DEFAULT_COMPONENTS: Final = ("@method", "@target-uri", "content-digest")
KEY_ID_RE: Final = re.compile(r"^[a-z0-9]+_([0-9a-f]{16})\.")


def key_id_of(api_key: str) -> str:
    """The public id inside an API key ``<prefix>_<id>.<secret>`` (the signature's ``keyid``)."""
    match = KEY_ID_RE.match(api_key.strip())
    if match is None:
        raise ValueError("not an API key of the form <prefix>_<id>.<secret>")
    return match.group(1)


def new_nonce() -> str:
    """A fresh random nonce (128 bits, base64url)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def sign_request(
    method: str,
    url: str,
    *,
    api_key: str,
    private_key: Ed25519PrivateKey | str,
    body: bytes = b"",
    header: str = DEFAULT_HEADER,
    created: int | None = None,
    nonce: str | None = None,
    expires: int | None = None,
    label: str = "sig1",
    components: Sequence[str] = DEFAULT_COMPONENTS,
    extra_headers: Mapping[str, str] | None = None,
    digest_algorithm: str = "sha-256",
) -> dict[str, str]:
    """The headers that authenticate and sign one request: the key, Content-Digest, signature.

    ``url`` must be exactly the absolute URL the request goes to (with its query string), and
    ``body`` exactly the bytes sent. Send every returned header; sign each request anew (a
    nonce is accepted once); ``expires`` (a Unix time) makes the signature invalid after it. To
    cover more headers (``content-type``...), list them in
    ``components`` and pass their values in ``extra_headers`` (and send those too).
    """
    headers = {header: api_key.strip(), "Content-Digest": content_digest(body, digest_algorithm)}
    covered = [*components, header.lower()]
    params: dict[str, BareItem] = {
        "created": int(time.time()) if created is None else created,
        "nonce": nonce or new_nonce(),
        "keyid": key_id_of(api_key),
        "alg": crypto.ALGORITHM,
    }
    if expires is not None:
        params["expires"] = expires
    params_value = serialize_inner_list(InnerList([Item(name) for name in covered], dict(params)))
    values = []
    for name in covered:
        value = derive_from_url(name, method, url, {**(extra_headers or {}), **headers})
        if value is None:
            raise ValueError(f"the request has no {name!r} to sign")
        values.append((name, value))
    signature = crypto.sign(private_key, signature_base(values, params_value))
    headers["Signature-Input"] = f"{label}={params_value}"
    headers["Signature"] = f"{label}=:{base64.b64encode(signature).decode()}:"
    return headers


def main(argv: Sequence[str] | None = None) -> int:
    """Print a ``curl`` command for one signed request, or a new key pair."""
    parser = argparse.ArgumentParser(
        prog="python -m django_problems.signatures.client",
        description="Sign one request (RFC 9421, ed25519) and print the curl command that "
        "sends it (JSON body). Pipe it to sh; every run uses a fresh nonce.",
    )
    parser.add_argument("--generate", action="store_true", help="print a new ed25519 key pair")
    parser.add_argument("--key", help="the API key")
    parser.add_argument("--private-key", help="base64 ed25519 private key (32-byte seed)")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--url", help="the absolute URL, query string included")
    parser.add_argument("--data", default="", help="the exact request body")
    parser.add_argument("--header", default=DEFAULT_HEADER, help="the API key header name")
    args = parser.parse_args(argv)
    if args.generate:
        private, public = crypto.generate_keypair()
        print(f"private key (keep it secret): {private}")
        print(f"public key (register it):     {public}")
        return 0
    if not (args.key and args.private_key and args.url):
        parser.error("--key, --private-key and --url are required")
    headers = sign_request(
        args.method,
        args.url,
        api_key=args.key,
        private_key=args.private_key,
        body=args.data.encode(),
        header=args.header,
    )
    print(curl_command(args.method, args.url, headers, args.data))
    return 0


def curl_command(method: str, url: str, headers: Mapping[str, str], data: str = "") -> str:
    """A shell-quoted ``curl`` command that sends the signed request."""
    words = ["curl", "-sS", "-X", method.upper(), url]
    for name, value in headers.items():
        words += ["-H", f"{name}: {value}"]
    if data:
        words += ["-H", "Content-Type: application/json", "--data-binary", data]
    return " ".join(shlex.quote(word) for word in words)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
