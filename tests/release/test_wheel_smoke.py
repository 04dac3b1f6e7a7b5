"""The built wheel, installed in a fresh virtualenv, runs the example project.

``bash .ci/release`` builds the wheel, creates a virtualenv, installs the wheel there (not
editable, not from the checkout) with the ``signatures`` extra and what the example needs
(drf-spectacular-sidecar, gunicorn), and runs this module with ``PROBLEMS_SMOKE_PYTHON`` naming
that virtualenv's Python and ``PROBLEMS_DIST_DIR`` the wheel's directory.

The example project is copied to a temporary directory outside the checkout, so
``django_problems`` can only come from the virtualenv's site-packages (asserted first). Then, in
production-like settings (``DEBUG`` off, a secret key, a pepper): ``check --deploy``, ``migrate``,
``demo_data``, and the example under gunicorn, where each request needs a file that is not a
module: the docs page (the template) in English and French (the compiled translations), problems
with French titles, the OpenAPI schema, Swagger UI and the admin (templates and static files),
API-key and signed requests (the apps' migrations), the maintenance command (a management
command). Static files are served as ``runserver`` serves them (Django's ``StaticFilesHandler``,
a test-only WSGI wrapper written next to the copy), since gunicorn serves none.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.release.po import translation
from tests.services import unavailable

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]
FRENCH = ROOT / "django_problems" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
TIMEOUT = 30.0
V = "api-version=1.1"
PROBLEM_JSON = "application/problem+json"

SMOKE_WSGI = '''"""The example's WSGI application, static files served as runserver serves them."""

from django.contrib.staticfiles.handlers import StaticFilesHandler

from example_project.wsgi import application as example

application = StaticFilesHandler(example)
'''

WHERE = """
import importlib.metadata, json, sys, sysconfig
import django, django_problems, example_project
dist = importlib.metadata.distribution("django-problems")
print(json.dumps({
    "package": django_problems.__file__,
    "version": django_problems.__version__,
    "example": example_project.__file__,
    "purelib": sysconfig.get_paths()["purelib"],
    "distribution": dist.version,
    "direct_url": json.loads(dist.read_text("direct_url.json") or "{}"),
    "sys_path": sys.path,
    "prefix": sys.prefix,
    "django": django.get_version(),
}))
"""

SIGN = """
import json, sys
from django_problems.signatures.client import sign_request
a = json.loads(sys.argv[1])
print(json.dumps(sign_request(
    "POST", a["url"], api_key=a["key"], private_key=a["private"], body=a["body"].encode()
)))
"""


def smoke_python() -> Path:
    configured = os.environ.get("PROBLEMS_SMOKE_PYTHON")
    if not configured:
        unavailable(
            "PROBLEMS_SMOKE_PYTHON names no virtualenv with the built wheel: bash .ci/release"
        )
    python = Path(configured).absolute()
    assert python.exists(), python
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class Site:
    """The example project's copy, its settings' environment and the virtualenv that runs it."""

    directory: Path
    python: Path
    port: int
    env: dict[str, str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the virtualenv's Python with ``args`` in the copy's directory."""
        done = subprocess.run(
            [str(self.python), *args],
            cwd=self.directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if check:
            assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
        return done

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("example_project/manage.py", *args, check=check)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    python = smoke_python()
    directory = tmp_path_factory.mktemp("wheel-smoke")
    assert not directory.resolve().is_relative_to(ROOT.resolve())
    shutil.copytree(
        ROOT / "example_project",
        directory / "example_project",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "db.sqlite3*", ".switches"),
    )
    (directory / "smoke_wsgi.py").write_text(SMOKE_WSGI)
    port = free_port()
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {name: os.environ[name] for name in kept if name in os.environ}
    env.update(
        PYTHONPATH=str(directory),
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="example_project.settings",
        EXAMPLE_DEBUG="0",
        EXAMPLE_SECRET_KEY=secrets.token_urlsafe(50),
        EXAMPLE_API_KEY_PEPPER=secrets.token_urlsafe(32),
        EXAMPLE_SQLITE=str(directory / "db.sqlite3"),
        EXAMPLE_SWITCHES_DIR=str(directory / "switches"),
        EXAMPLE_TYPE_BASE_URL=f"http://127.0.0.1:{port}/problems/",
    )
    return Site(directory, python, port, env)


def test_django_problems_comes_from_the_installed_wheel(site: Site) -> None:
    where = json.loads(site.run("-c", WHERE).stdout)
    package = Path(where["package"]).resolve()
    assert package.is_relative_to(Path(where["purelib"]).resolve()), where
    assert package.parent != (ROOT / "django_problems").resolve(), where
    assert Path(where["example"]).resolve().is_relative_to(site.directory.resolve())
    # Nothing of the checkout on sys.path (the virtualenv may live in it, as .ci/release's do).
    venv = Path(where["prefix"]).resolve()
    entries = [(site.directory / entry).resolve() for entry in where["sys_path"]]  # "" is cwd
    checkout = [
        entry
        for entry in entries
        if entry.is_relative_to(ROOT.resolve()) and not entry.is_relative_to(venv)
    ]
    assert not checkout, f"the checkout is on sys.path: {checkout}"
    # Installed from the wheel file, not from a directory and not editable.
    direct = where["direct_url"]
    assert "archive_info" in direct, direct
    assert direct["url"].endswith(f"django_problems-{where['version']}-py3-none-any.whl"), direct
    dist = Path(os.environ.get("PROBLEMS_DIST_DIR", ROOT / "dist")).resolve()
    assert urllib.parse.unquote(urllib.parse.urlparse(direct["url"]).path).startswith(str(dist))
    assert where["distribution"] == where["version"]
    print(f"django_problems {where['version']} from {package.parent}; Django {where['django']}")


CHECK_ID = re.compile(r"^\S+: \(([\w.]+)\) ", re.MULTILINE)
# The example serves plain HTTP (no HTTPS settings) and, in this one-process smoke, keeps signed
# requests' nonces in local memory: what check --deploy rightly reports, and nothing else.
DEPLOY_WARNINGS = {
    "security.W004",
    "security.W008",
    "security.W012",
    "security.W016",
    "django_problems.W160",
}


def test_check_deploy_reports_only_the_examples_known_warnings(site: Site) -> None:
    done = site.manage("check", "--deploy", "--fail-level", "ERROR")
    found = set(CHECK_ID.findall(done.stdout + done.stderr))
    # django_problems.W160 shows that the features' checks run from the installed package.
    assert found == DEPLOY_WARNINGS, done.stderr


@dataclass
class Demo:
    """The credentials ``manage.py demo_data`` printed, by user."""

    keys: dict[str, str] = field(default_factory=dict)
    signing_keys: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def demo(site: Site) -> Demo:
    site.manage("migrate", "--noinput", "-v0")
    output = site.manage("demo_data").stdout
    found = Demo()
    user = ""
    for line in output.splitlines():
        if not line.startswith(" ") and ": " in line:
            user, _header, key = line.split(": ", 2)
            found.keys[user] = key
        elif line.strip().startswith("ed25519 signing key (private): "):
            found.signing_keys[user] = line.split(": ", 1)[1]
    assert set(found.keys) == set(found.signing_keys) == {"demo", "other", "admin"}, output
    return found


def test_the_packaged_migrations_are_applied_and_complete(site: Site, demo: Demo) -> None:
    shown = site.manage("showmigrations", "django_problems_api_keys", "django_problems_signatures")
    assert "[X] 0001_initial" in shown.stdout
    assert "[ ]" not in shown.stdout, shown.stdout
    assert shown.stdout.count("[X]") >= 2
    changes = site.manage("makemigrations", "--check", "--dry-run", check=False)
    assert changes.returncode == 0, f"models without migrations: {changes.stdout}"
    assert "No changes detected" in changes.stdout


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


class Server:
    """gunicorn serving the copy from the virtualenv."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.log = site.directory / "gunicorn.log"
        gunicorn = site.python.parent / "gunicorn"
        assert gunicorn.exists(), "gunicorn is not installed in the smoke virtualenv"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    str(gunicorn),
                    "smoke_wsgi:application",
                    *("--bind", f"127.0.0.1:{site.port}"),
                    *("--workers", "1", "--threads", "4", "--timeout", "30"),
                ],
                cwd=site.directory,
                env=site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + TIMEOUT
        while True:
            with contextlib.suppress(OSError):
                self.request("GET", "/")  # any answer: the tests check what it is
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.msg, response.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Reply:
        return self.request(
            "GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@pytest.fixture(scope="module")
def server(site: Site, demo: Demo) -> Iterator[Server]:
    running = Server(site)
    try:
        yield running
    finally:
        running.stop()


def problem(reply: Reply, status: int, code: str, site: Site) -> dict[str, Any]:
    """The problem body of ``reply``, checked as every problem is."""
    assert reply.status == status, reply.text[:1000]
    assert reply.content_type == PROBLEM_JSON
    assert reply.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = reply.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].startswith(f"{site.base}/problems/#"), body
    assert body["instance"].startswith("urn:uuid:")
    return body


def test_the_docs_page_in_english(server: Server) -> None:
    reply = server.get("/problems/", Accept_Language="en")
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assert reply.headers["Content-Language"] == "en"
    assert '<html lang="en">' in reply.text
    assert "<title>Problem types</title>" in reply.text
    assert '<section id="not-found">' in reply.text
    catalogue = server.get("/problems/types.json")
    assert catalogue.status == 200
    assert catalogue.content_type == "application/json"
    assert "not-found" in {t["slug"] for t in catalogue.json()["types"]}


def test_the_docs_page_in_french(server: Server) -> None:
    reply = server.get("/problems/", Accept_Language="fr")
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assert reply.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in reply.text
    # The template's own words and the catalogue's titles, both from the compiled .mo.
    assert f"<title>{translation(FRENCH, 'Problem types')}</title>" in reply.text
    assert f'<a href="#not-found">{translation(FRENCH, "Not found")}</a>' in reply.text


def test_an_unknown_api_url_is_a_404_problem(server: Server, site: Site) -> None:
    body = problem(server.get(f"/api/nope?{V}"), 404, "E_API_NOT_FOUND", site)
    assert body["type"] == f"{site.base}/problems/#not-found"
    assert body["title"] == "Not found"


def test_a_validation_error_in_french(server: Server, site: Site, demo: Demo) -> None:
    reply = server.request(
        "POST",
        f"/api/workers?{V}",
        body=json.dumps(
            {"name": "Ada", "availability": [{"start": "2026-12-01T08:00:00Z"}]}
        ).encode(),
        headers={
            "X-Api-Key": demo.keys["demo"],
            "Content-Type": "application/json",
            "Accept-Language": "fr",
        },
    )
    body = problem(reply, 400, "E_API_INVALID_PARAMETERS", site)
    assert reply.headers["Content-Language"] == "fr"
    assert body["title"] == translation(FRENCH, "Invalid request parameter data type(s).")
    assert body["codes"] == {
        "email": ["E_API_VALIDATION_PARAM_REQUIRED"],
        "availability[0].end": ["E_API_VALIDATION_PARAM_REQUIRED"],
    }


def test_an_api_key_authenticates_and_its_absence_is_a_401_problem(
    server: Server, site: Site, demo: Demo
) -> None:
    reply = server.get(f"/api/workers?{V}", X_Api_Key=demo.keys["demo"])
    assert reply.status == 200, reply.text
    assert reply.content_type == "application/json"
    assert {worker["name"] for worker in reply.json()} == {"Ada", "Grace"}
    anonymous = server.get(f"/api/workers?{V}")
    problem(anonymous, 401, "E_API_UNAUTHORISED", site)
    assert anonymous.headers["WWW-Authenticate"].startswith("ApiKey ")


def test_a_signed_request_is_accepted_once(server: Server, site: Site, demo: Demo) -> None:
    listed = server.get(f"/api/workers?{V}", X_Api_Key=demo.keys["demo"])
    assert listed.status == 200, listed.text
    workers = listed.json()
    ada = next(worker["id"] for worker in workers if worker["name"] == "Ada")
    path = f"/api/workers/{ada}/payout?{V}"
    body = '{"amount": "12.50"}'
    signing = {
        "url": f"{site.base}{path}",
        "key": demo.keys["demo"],
        "private": demo.signing_keys["demo"],
        "body": body,
    }
    signed = json.loads(site.run("-c", SIGN, json.dumps(signing)).stdout)
    assert {"X-Api-Key", "Content-Digest", "Signature-Input", "Signature"} <= set(signed)
    headers = {**signed, "Content-Type": "application/json"}
    accepted = server.request("POST", path, body.encode(), headers)
    assert accepted.status == 202, accepted.text
    assert accepted.content_type == "application/json"
    assert accepted.json() == {"worker": ada, "amount": "12.50", "status": "queued"}
    replayed = server.request("POST", path, body.encode(), headers)
    problem(replayed, 401, "E_API_REQUEST_ALREADY_RECEIVED", site)


def test_the_openapi_schema_documents_the_problems(server: Server) -> None:
    reply = server.get("/schema/", Accept="application/vnd.oai.openapi+json")
    assert reply.status == 200, reply.text[:1000]
    assert reply.content_type.startswith("application/vnd.oai.openapi+json")
    schema = reply.json()
    assert schema["info"]["version"] == "1.1"
    unauthorised = schema["paths"]["/api/workers"]["get"]["responses"]["401"]
    if "$ref" in unauthorised:  # a shared response component
        name = unauthorised["$ref"].rsplit("/", 1)[1]
        unauthorised = schema["components"]["responses"][name]
    assert PROBLEM_JSON in unauthorised["content"]
    assert "NotFoundProblem" in schema["components"]["schemas"]


def static_assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', page)


def assert_served(server: Server, assets: list[str], *kinds: str) -> None:
    assert assets
    for asset in assets:
        reply = server.get(asset)
        assert reply.status == 200, asset
        assert reply.content_type.split(";")[0] in kinds, (asset, reply.content_type)
        assert reply.body, asset


def test_swagger_ui_and_its_static_files(server: Server) -> None:
    reply = server.get("/schema/swagger/")
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assets = static_assets(reply.text)
    assert any(a.endswith("swagger-ui-dist/swagger-ui-bundle.js") for a in assets), assets
    assert_served(
        server, assets, "text/javascript", "application/javascript", "text/css", "image/png"
    )


def cookies(reply: Reply) -> dict[str, str]:
    """The cookies ``reply`` sets, by name."""
    found: dict[str, str] = {}
    for cookie in reply.headers.get_all("Set-Cookie", []):
        name, _, value = cookie.split(";", 1)[0].partition("=")
        found[name] = value
    return found


def csrf_token(page: Reply) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:2000]
    return found.group(1)


def post_form(server: Server, path: str, form: dict[str, str], **headers: str) -> Reply:
    return server.request(
        "POST",
        path,
        urllib.parse.urlencode(form).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            **{name.replace("_", "-"): value for name, value in headers.items()},
        },
    )


@pytest.fixture(scope="module")
def admin_session(server: Server) -> str:
    """The session cookie of the demo superuser ``admin``, logged in through the login form."""
    login = server.get("/admin/login/?next=/admin/")
    assert login.status == 200
    form = {"csrfmiddlewaretoken": csrf_token(login), "username": "admin", "password": "admin"}
    cookie = f"csrftoken={cookies(login)['csrftoken']}"
    logged_in = post_form(server, "/admin/login/?next=/admin/", form, Cookie=cookie)
    assert logged_in.status == 302, logged_in.text[:2000]
    return f"{cookie}; sessionid={cookies(logged_in)['sessionid']}"


def test_the_admin_login_page_and_its_static_files(server: Server) -> None:
    login = server.get("/admin/login/")
    assert login.status == 200
    assert login.content_type == "text/html; charset=utf-8"
    assert 'name="csrfmiddlewaretoken"' in login.text
    assert_served(
        server, static_assets(login.text), "text/css", "text/javascript", "application/javascript"
    )


KEYS = "/admin/django_problems_api_keys/apikey/"


def test_the_admin_lists_the_api_keys(server: Server, demo: Demo, admin_session: str) -> None:
    keys = server.get(KEYS, Cookie=admin_session)
    assert keys.status == 200, keys.text[:2000]
    assert keys.content_type == "text/html; charset=utf-8"
    key_id = demo.keys["demo"].split(".", 1)[0].split("_", 1)[1]  # demo_<id>.<secret>
    assert key_id in keys.text, "the demo user's key is listed (from the api_keys table)"


def test_a_key_made_in_the_admin_is_shown_once_in_french_and_works(
    server: Server, site: Site, admin_session: str
) -> None:
    """The api_keys app's own template (key_created.html), in French from the .mo."""
    owner = site.manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "print(get_user_model().objects.get(username='admin').pk)",
    ).stdout.splitlines()[-1]  # after Django 5.2's "N objects imported automatically"
    add = server.get(f"{KEYS}add/", Cookie=admin_session, Accept_Language="fr")
    assert add.status == 200, add.text[:2000]
    form = {"csrfmiddlewaretoken": csrf_token(add), "owner": owner, "name": "smoke"}
    form |= {"expires_at_0": "", "expires_at_1": ""}
    created = post_form(server, f"{KEYS}add/", form, Cookie=admin_session, Accept_Language="fr")
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', created.text, re.S)
    assert created.status == 200, created.text[:3000]
    assert not errors, errors
    assert created.content_type == "text/html; charset=utf-8"
    assert "no-store" in created.headers["Cache-Control"]
    warning = translation(FRENCH, "Copy it now: it is not stored and will not be shown again.")
    assert warning in html.unescape(created.text)
    shown = re.search(r'<code id="api-key"[^>]*>X-Api-Key: ([^<]+)</code>', created.text)
    assert shown, created.text[:3000]
    reply = server.get(f"/api/workers?{V}", X_Api_Key=shown.group(1))
    assert reply.status == 200, reply.text
    assert reply.json() == []  # the admin user owns no worker


def test_the_maintenance_command_switches_the_api(server: Server, site: Site, demo: Demo) -> None:
    path = f"/api/workers?{V}"
    site.manage("problems_maintenance", "on")
    try:
        reply = wait_for(server, path, demo, 503)
        body = problem(reply, 503, "E_API_SERVICE_TEMPORARILY_UNAVAILABLE", site)
        assert reply.headers["Retry-After"] == "30"
        assert body["type"] == f"{site.base}/problems/#service-temporarily-unavailable"
        assert server.get("/problems/").status == 200, "the docs page stays up"
        assert site.manage("problems_maintenance", "status").stdout.startswith("Maintenance is on")
    finally:
        site.manage("problems_maintenance", "off")
    reply = wait_for(server, path, demo, 200)
    assert reply.content_type == "application/json"


def wait_for(server: Server, path: str, demo: Demo, status: int) -> Reply:
    """The answer to ``path`` once it has ``status``: each process reads the switch at most once
    per ``PROBLEMS['MAINTENANCE']['CHECK_INTERVAL']``."""
    deadline = time.monotonic() + 10
    while True:
        reply = server.get(path, X_Api_Key=demo.keys["demo"])
        if reply.status == status:
            return reply
        assert time.monotonic() < deadline, f"still {reply.status} after 10 s: {reply.text}"
        time.sleep(0.1)
