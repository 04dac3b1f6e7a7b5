"""What the built distributions hold (``bash .ci/release`` runs this after ``python -m build``, on
``dist/`` or ``PROBLEMS_DIST_DIR``).

* The wheel carries every source file of ``django_problems/``, byte for byte, and nothing else:
  the modules, ``py.typed``, the templates, the translations (``.po`` and the ``.mo`` gettext
  reads, compiled from that very ``.po``), the migrations of every app with models, the
  management commands; the licence in its ``.dist-info``; a ``RECORD`` that matches.
* Its metadata is what PyPI will show: the licence expression and no licence classifier beside
  it, a classifier for each Django that CI tests and each Python from the floor up, requirements
  that CI's pins satisfy, the project URLs, README.md with links that work off the repository.
* The sdist is the source tree but ``.ci/``: the package, docs, tests, example project,
  benchmarks, requirements and Makefile, which ``make test`` needs when run from it.

The wheel's smoke test (``test_wheel_smoke.py``) then proves that it runs.
"""

from __future__ import annotations

import base64
import email.message
import email.parser
import hashlib
import os
import re
import subprocess
import tarfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.release.po import mo_catalogue, po_catalogue
from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "django_problems"

# Each kind of file under django_problems/ that is not a module, and what needs it at run time.
# A new kind fails test_every_kind_of_file_is_known: add it here and to the smoke test.
RUNTIME_FILES = {
    ".typed": "py.typed, the PEP 561 marker: type checkers read the package's annotations",
    ".html": "templates: the problem-type docs page, the admin page that shows a new API key",
    ".mo": "compiled translations, which gettext reads",
    ".po": "translation sources, shipped beside their .mo as Django's apps ship them",
}
# Tracked files the sdist leaves out: this CI machine's orchestration.
NOT_IN_SDIST = (".ci/",)
# What `make test` reads from the unpacked sdist (the equality test covers the rest).
SDIST_REQUIRED = [
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "pyproject.toml",
    "Makefile",
    "requirements-dev.txt",
    "requirements-django6.txt",
    "requirements-generators.txt",
    "requirements-release.txt",
    "requirements-docs.txt",
    "mkdocs.yml",
    "CONTRIBUTING.md",
    "docs/index.md",
    "docs/generate.py",
    "tests/conftest.py",
    "tests/library/settings.py",
    "tests/example/settings.py",
    "tests/adopter/settings.py",
    "tests/generators/package-lock.json",
    "example_project/manage.py",
    "benchmarks/bench_errors.py",
]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def project() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return config


def version() -> str:
    """The version pyproject.toml declares, which django_problems.__version__ must repeat."""
    declared: str = project()["version"]
    source = (ROOT / PACKAGE / "__init__.py").read_text()
    match = re.search(r'^__version__ = "([^"]+)"$', source, re.MULTILINE)
    assert match, "django_problems/__init__.py has no __version__"
    assert match.group(1) == declared, "__version__ and pyproject.toml's version differ"
    return declared


def dist_dir() -> Path:
    return Path(os.environ.get("PROBLEMS_DIST_DIR", ROOT / "dist"))


def built(name: str) -> Path:
    path = dist_dir() / name
    if not path.is_file():
        unavailable(f"{path} is not built: bash .ci/release (or python -m build) first")
    return path


def sources() -> dict[str, bytes]:
    """The sources as the build sees them, by path: the files git tracks, or would add (untracked
    and not ignored), as they are in the working tree."""
    try:
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        unavailable("not a git checkout: the source files are unknown")
    paths = [path for path in listed.decode().split("\0") if path]
    return {path: (ROOT / path).read_bytes() for path in paths if (ROOT / path).is_file()}


@pytest.fixture(scope="module")
def package_files() -> dict[str, bytes]:
    """The source files of the package, by path: what the wheel must hold."""
    files = {path: data for path, data in sources().items() if path.startswith(f"{PACKAGE}/")}
    assert f"{PACKAGE}/__init__.py" in files
    return files


@pytest.fixture(scope="module")
def wheel() -> dict[str, bytes]:
    """The built wheel's members, by path."""
    path = built(f"{PACKAGE}-{version()}-py3-none-any.whl")
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def sdist() -> dict[str, bytes]:
    """The built sdist's files, by path below its top directory."""
    top = f"{PACKAGE}-{version()}"
    path = built(f"{top}.tar.gz")
    files: dict[str, bytes] = {}
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            assert member.name == top or member.name.startswith(f"{top}/"), member.name
            if member.isfile():
                extracted = archive.extractfile(member)
                assert extracted is not None
                files[member.name[len(top) + 1 :]] = extracted.read()
            else:
                assert member.isdir(), f"{member.name}: not a file or directory"
    return files


def dist_info() -> str:
    return f"{PACKAGE}-{version()}.dist-info"


def metadata(raw: bytes) -> email.message.Message:
    return email.parser.BytesParser().parsebytes(raw)


@pytest.fixture(scope="module")
def wheel_metadata(wheel: dict[str, bytes]) -> email.message.Message:
    return metadata(wheel[f"{dist_info()}/METADATA"])


# The wheel: the package, whole.


def test_the_wheel_holds_every_file_of_the_package_byte_for_byte(
    wheel: dict[str, bytes], package_files: dict[str, bytes]
) -> None:
    shipped = {path: data for path, data in wheel.items() if path.startswith(f"{PACKAGE}/")}
    missing = sorted(set(package_files) - set(shipped))
    assert not missing, f"in the sources but not in the wheel: {missing}"
    extra = sorted(set(shipped) - set(package_files))
    assert not extra, f"in the wheel but not in the sources (a stale build, caches?): {extra}"
    stale = sorted(path for path, data in package_files.items() if shipped[path] != data)
    assert not stale, f"the wheel's copy differs from the sources (rebuild it): {stale}"


def test_the_wheel_installs_only_the_package(wheel: dict[str, bytes]) -> None:
    tops = {PurePosixPath(path).parts[0] for path in wheel}
    assert tops == {PACKAGE, dist_info()}, "the wheel would install more than the package"


def test_every_module_of_the_package_compiles(package_files: dict[str, bytes]) -> None:
    modules = [path for path in package_files if path.endswith(".py")]
    for path in modules:
        compile(package_files[path], path, "exec", dont_inherit=True)
    packages = {str(PurePosixPath(path).parent) for path in modules}
    for package in packages:
        assert f"{package}/__init__.py" in package_files, f"{package} is not a package"


def test_every_kind_of_file_is_known(package_files: dict[str, bytes]) -> None:
    """Listing the tree, not guessing: each kind of non-module file is one this module checks."""
    kinds = {PurePosixPath(path).suffix for path in package_files if not path.endswith(".py")}
    unknown = sorted(kinds - set(RUNTIME_FILES))
    assert not unknown, (
        f"new kinds of files under {PACKAGE}/: {unknown}; add them to RUNTIME_FILES and make "
        "the wheel's smoke test (test_wheel_smoke.py) use one"
    )
    assert kinds == set(RUNTIME_FILES), f"no {sorted(set(RUNTIME_FILES) - kinds)} any more?"


def test_the_wheel_is_typed(wheel: dict[str, bytes]) -> None:
    assert f"{PACKAGE}/py.typed" in wheel


def test_the_wheel_holds_the_templates(
    wheel: dict[str, bytes], package_files: dict[str, bytes]
) -> None:
    templates = [path for path in package_files if "/templates/" in path]
    assert f"{PACKAGE}/templates/{PACKAGE}/problem_types.html" in templates
    for path in templates:
        assert path in wheel, path


def test_the_wheel_holds_each_translation_compiled_from_its_po(
    wheel: dict[str, bytes], package_files: dict[str, bytes]
) -> None:
    sources = [path for path in package_files if path.endswith(".po")]
    assert f"{PACKAGE}/locale/fr/LC_MESSAGES/django.po" in sources
    for po_path in sources:
        mo_path = po_path[: -len(".po")] + ".mo"
        assert po_path in wheel, po_path
        assert mo_path in wheel, f"{mo_path} is not in the wheel: gettext reads only the .mo"
        po = po_catalogue(wheel[po_path].decode("utf-8"))
        mo = mo_catalogue(wheel[mo_path])
        assert po, f"{po_path} translates nothing"
        changed = sorted(str(key) for key in po.keys() & mo.keys() if po[key] != mo[key])
        missing = sorted(str(key) for key in po.keys() - mo.keys())
        dropped = sorted(str(key) for key in mo.keys() - po.keys())
        assert not (changed or missing or dropped), (
            f"{mo_path} is not compiled from {po_path} (django-admin compilemessages): "
            f"changed {changed[:5]}, not compiled {missing[:5]}, no longer in the .po {dropped[:5]}"
        )


def apps(package_files: dict[str, bytes]) -> list[str]:
    """The Django apps of the package: the directories with an apps.py."""
    return sorted(
        str(PurePosixPath(path).parent) for path in package_files if path.endswith("/apps.py")
    )


def test_the_wheel_holds_the_migrations_of_every_app_with_models(
    wheel: dict[str, bytes], package_files: dict[str, bytes]
) -> None:
    with_models = [
        app
        for app in apps(package_files)
        if f"{app}/models.py" in package_files or f"{app}/models/__init__.py" in package_files
    ]
    assert with_models == [f"{PACKAGE}/api_keys", f"{PACKAGE}/signatures"]
    for app in apps(package_files):
        migrations = sorted(path for path in package_files if path.startswith(f"{app}/migrations/"))
        if app in with_models:
            assert f"{app}/migrations/__init__.py" in migrations, f"{app} has no migrations"
            assert any(re.search(r"/0001_\w+\.py$", path) for path in migrations), app
        for path in migrations:
            assert path in wheel, f"{path} is not in the wheel: migrate would not create its table"


def test_the_wheel_holds_the_management_commands(
    wheel: dict[str, bytes], package_files: dict[str, bytes]
) -> None:
    commands = {
        PurePosixPath(path).stem: path
        for path in package_files
        if "/management/commands/" in path and not path.endswith("/__init__.py")
    }
    assert {"apikey_create", "signingkey_set", "problems_maintenance"} <= set(commands)
    for path in commands.values():
        assert path in wheel, path
        commands_dir = str(PurePosixPath(path).parent)
        for init in (
            f"{commands_dir}/__init__.py",
            f"{PurePosixPath(commands_dir).parent}/__init__.py",
        ):
            assert init in wheel, f"{init} is not in the wheel: Django would not find {path}"


def test_the_wheel_record_lists_every_member_with_its_hash(wheel: dict[str, bytes]) -> None:
    record = f"{dist_info()}/RECORD"
    rows = [line.rsplit(",", 2) for line in wheel[record].decode().splitlines() if line]
    listed = {path: (digest, size) for path, digest, size in rows}
    assert set(listed) == set(wheel)
    for path, (digest, size) in listed.items():
        if path == record:
            continue
        data = wheel[path]
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, size) == (f"sha256={expected}", str(len(data))), path


def test_the_wheel_is_pure_python(wheel: dict[str, bytes]) -> None:
    tags = metadata(wheel[f"{dist_info()}/WHEEL"])
    assert tags["Root-Is-Purelib"] == "true"
    assert tags.get_all("Tag") == ["py3-none-any"]


# The wheel's metadata: what PyPI shows and pip resolves.


def test_the_licence_is_an_spdx_expression_with_its_file(
    wheel: dict[str, bytes], wheel_metadata: email.message.Message
) -> None:
    assert wheel_metadata["Metadata-Version"] == "2.4"
    assert wheel_metadata["License-Expression"] == "MIT"
    assert wheel_metadata.get_all("License-File") == ["LICENSE"]
    assert wheel[f"{dist_info()}/licenses/LICENSE"] == (ROOT / "LICENSE").read_bytes()
    # PEP 639: License-Expression replaces the License :: classifiers; twine check --strict
    # accepts both together, the index does not.
    classifiers = wheel_metadata.get_all("Classifier") or []
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert wheel_metadata["License"] is None


def pins(requirements: str) -> dict[str, str]:
    """The ``name==version`` pins of a requirements file, by lower-case name."""
    found: dict[str, str] = {}
    for line in (ROOT / requirements).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^]]*\])?==(\S+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


CI_PINS = ("requirements-dev.txt", "requirements-django6.txt")
"""The two dependency sets CI runs the suites on (.ci/run): Django 5.2 and Django 6."""


def test_a_django_classifier_for_each_django_ci_tests(
    wheel_metadata: email.message.Message,
) -> None:
    classifiers = wheel_metadata.get_all("Classifier") or []
    declared = {
        c.rsplit(" :: ", 1)[1] for c in classifiers if c.startswith("Framework :: Django ::")
    }
    tested = {".".join(pins(name)["django"].split(".")[:2]) for name in CI_PINS}
    assert declared == tested, "the Django classifiers are the Django versions CI tests"
    assert "Framework :: Django" in classifiers


def test_a_python_classifier_for_each_supported_python(
    wheel_metadata: email.message.Message,
) -> None:
    requires = SpecifierSet(wheel_metadata["Requires-Python"])
    assert requires == SpecifierSet(">=3.10")
    classifiers = wheel_metadata.get_all("Classifier") or []
    pythons = {c.rsplit(" :: ", 1)[1] for c in classifiers if re.search(r":: 3\.\d+$", c)}
    assert pythons == {"3.10", "3.11", "3.12", "3.13"}
    assert all(python in requires for python in pythons)
    for classifier in ("Typing :: Typed", "Intended Audience :: Developers"):
        assert classifier in classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert any(c.startswith("Topic ::") for c in classifiers)


def test_ci_pins_satisfy_the_declared_requirements(wheel_metadata: email.message.Message) -> None:
    requirements = [Requirement(r) for r in wheel_metadata.get_all("Requires-Dist") or []]
    assert {r.name.lower() for r in requirements if r.marker is None} == {
        "django",
        "djangorestframework",
        "drf-spectacular",
    }
    extras = wheel_metadata.get_all("Provides-Extra") or []
    assert sorted(extras) == sorted(project()["optional-dependencies"])
    assert "signatures" in extras
    for name in CI_PINS:
        pinned = {**pins("requirements-dev.txt"), **pins(name)}
        for requirement in requirements:
            version = pinned[requirement.name.lower()]
            assert version in requirement.specifier, f"{name}: {requirement.name}=={version}"


def test_the_project_urls_and_keywords(wheel_metadata: email.message.Message) -> None:
    urls = dict(url.split(", ", 1) for url in wheel_metadata.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues", "Source"}
    assert all(url.startswith("https://") for url in urls.values())
    assert "rfc9457" in wheel_metadata["Keywords"].split(",")


def test_the_description_is_the_readme_with_links_that_work_on_the_index(
    wheel_metadata: email.message.Message,
) -> None:
    assert wheel_metadata["Description-Content-Type"] == "text/markdown"
    description = wheel_metadata.get_payload()
    assert isinstance(description, str)
    readme = (ROOT / "README.md").read_text()
    relative = [target for target in LINK.findall(readme) if not is_absolute(target)]
    assert relative, "README.md links into the repository (docs/): none found?"
    assert not [t for t in LINK.findall(description) if not is_absolute(t)]
    base = "https://github.com/django-problems/django-problems/blob/main/"
    assert LINK.sub(lambda m: f"]({absolute(m.group(1), base)})", readme) == description
    for target in relative:
        assert (ROOT / target.split("#")[0]).is_file(), f"README.md links to {target}: missing"


def is_absolute(target: str) -> bool:
    return target.startswith(("https://", "http://", "#", "mailto:"))


def absolute(target: str, base: str) -> str:
    return target if is_absolute(target) else base + target


# The sdist: the tree `make test` runs from.


def test_the_sdist_is_the_source_tree_but_ci(sdist: dict[str, bytes]) -> None:
    expected = {path: data for path, data in sources().items() if not path.startswith(NOT_IN_SDIST)}
    missing = sorted(set(expected) - set(sdist))
    assert not missing, f"in the sources but not in the sdist: {missing}"
    extra = sorted(set(sdist) - set(expected) - {"PKG-INFO"})
    assert not extra, f"in the sdist but not in the sources: {extra}"
    stale = sorted(path for path in expected if sdist[path] != expected[path])
    assert not stale, f"the sdist's copy differs from the sources (rebuild it): {stale}"
    for path in SDIST_REQUIRED:
        assert path in sdist, path


def test_the_sdist_and_the_wheel_carry_the_same_metadata(
    sdist: dict[str, bytes], wheel_metadata: email.message.Message
) -> None:
    pkg_info = metadata(sdist["PKG-INFO"])
    for field in ("Metadata-Version", "Name", "Version", "License-Expression", "Requires-Python"):
        assert pkg_info[field] == wheel_metadata[field], field
    for field in ("Classifier", "Requires-Dist", "Project-URL", "Provides-Extra"):
        assert pkg_info.get_all(field) == wheel_metadata.get_all(field), field
    assert pkg_info.get_payload() == wheel_metadata.get_payload()
