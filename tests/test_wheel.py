"""An installed linkage works anywhere: the wheel is built, installed into a fresh virtual
environment outside the checkout, and its commands are run from an empty folder, with the
checkout out of reach (no PYTHONPATH, another working folder).

It builds a wheel and installs the dependencies from pip's cache: run it alone with
``pytest -m wheel``; ``make test`` runs it with the rest."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkage.demo import FixtureServer
from tests.people import ACCOUNTS, write_sites
from tests.release import build_wheel, source_files

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("linkage", "collectors", "reports")


@dataclass
class Installed:
    wheel: Path
    bin: Path
    env: dict[str, str]
    empty: Path

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "linkage"), *args],
            cwd=self.empty,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    # built from a copy of the source files, so that what an earlier build left in the
    # checkout (build/, *.egg-info: modules since deleted) cannot ride along
    build = build_wheel(base)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = (base / "dist").glob("linkage-*.whl")
    venv = base / "venv"
    # a venv without pip of its own, filled by this pip (--python) without compiling every
    # dependency's modules first (each is compiled when first imported): the same install a
    # person's pip makes, in a fifth of the time
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "-q", "--no-compile", str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    empty = base / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {
        "LINKAGE_DATA_DIR": str(base / "data"),
        "XDG_CACHE_HOME": str(base / "cache"),
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    yield Installed(wheel, venv / "bin", env, empty)


def test_every_data_file_of_the_packages_is_in_the_wheel(installed: Installed) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    data = {f for f in tracked if not f.endswith(".py")}
    assert "reports/templates/partials/verdict.html.j2" in data
    with zipfile.ZipFile(installed.wheel) as wheel:
        assert data - set(wheel.namelist()) == set()


def test_the_wheel_holds_the_packages_modules_and_no_others(installed: Installed) -> None:
    modules = {f for f in source_files() if f.endswith(".py") and f.startswith(PACKAGES)}
    assert "linkage/platforms/github.py" in modules
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = {f for f in wheel.namelist() if f.endswith(".py")}
    assert shipped == {f for f in modules if f.split("/")[0] in PACKAGES}


def test_the_installed_commands_work_from_an_empty_folder(
    installed: Installed, tmp_path: Path
) -> None:
    """``linkage audit`` against local sites, then ``linkage report`` from what it kept."""
    version = installed.run("--version")
    assert version.returncode == 0 and version.stdout.startswith("linkage ")
    located = subprocess.run(
        [str(installed.bin / "python"), "-c", "import reports, linkage; print(reports.__file__, linkage.__file__)"],
        cwd=installed.empty, env=installed.env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(ROOT) not in located.stdout  # the installed copy, not the checkout

    accounts = tmp_path / "accounts.toml"
    accounts.write_text(ACCOUNTS, "utf-8")
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        audit = installed.run(
            "audit", str(accounts), "-q", "--depth", "0", "-o", "report.html",
            "--endpoint", f"*={server.url}", "--json", "result.json",
        )  # fmt: skip
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "partials" not in audit.stderr
    html = (installed.empty / "report.html").read_text()
    assert "Ines Dunmore" in html and 'id="verdict"' in html
    (profiles,) = Path(installed.env["LINKAGE_DATA_DIR"], "profiles").glob("*.jsonl")

    report = installed.run("report", str(profiles), "-o", "again.html", "--redact")
    assert report.returncode == 0, report.stdout + report.stderr
    assert "again.html: redacted, to share: no names, handles, pictures or posts" in report.stdout
    assert "Ines Dunmore" not in (installed.empty / "again.html").read_text()

    # a plain install has no PDF engine (Playwright is the 'pdf' extra): it says how to get one
    pdf = installed.run("report", str(profiles), "-o", "third.html", "--pdf")
    assert pdf.returncode == 2 and "pipx inject --include-apps linkage playwright" in pdf.stderr
    assert not (installed.empty / "third.html").exists()

    listed = installed.run("history")
    assert listed.returncode == 0 and "2 accounts" in listed.stdout


def test_the_installed_demo_runs_from_an_empty_folder(installed: Installed) -> None:
    demo = installed.run("demo", "-q", "-o", "demo.html")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert 'id="verdict"' in (installed.empty / "demo.html").read_text()


def test_the_installed_app_serves_its_page_from_an_empty_folder(installed: Installed) -> None:
    import re
    import urllib.request

    process = subprocess.Popen(
        [str(installed.bin / "linkage"), "app", "--no-browser"],
        cwd=installed.empty, env=installed.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/\S*token=\S+", first)
        assert address, first
        url = address.group(0).replace("/#token=", "/?token=")
        # the app trades the token in the address for a cookie and sends the browser on
        from http.cookiejar import CookieJar

        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(url, timeout=30) as page:
            assert page.status == 200
            assert b"<html" in page.read().lower()
    finally:
        process.terminate()
        process.wait(timeout=30)
