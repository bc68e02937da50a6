"""Privacy: what linkage writes is owner-only, and no token from the environment is ever
written anywhere (cache, profiles, report, JSON, CSV, output, error messages) or sent to a
host other than its own."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.robustness.faults import own_keys, profile_keys
from tests.robustness.fleet import ACCOUNTS, Fleet
from tests.robustness.interrupt import audit_command, environment
from tests.server import Fault, LocalServer, on_target

#: Sentinel tokens, and the hosts each may be sent to.
SENTINELS = {
    "GITHUB_TOKEN": ("ghp_SENTINELgithubToken0123456789abcd", {"api.github.com"}),
    "REDDIT_TOKEN": ("SENTINEL-reddit-token-4567", {"oauth.reddit.com"}),
    "GRAVATAR_API_KEY": ("SENTINELgravatarKey8901", {"api.gravatar.com"}),
    "STACKEXCHANGE_KEY": ("SENTINELstackexchangeKey2345", {"api.stackexchange.com"}),
}


def forms(secret: str) -> set[str]:
    """The ways a secret could be written down."""
    return {
        secret,
        quote(secret, safe=""),
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"Bearer {secret}".encode()).decode()[:-4],
        secret[::-1],
    }


def leaks(data: bytes) -> list[str]:
    found = []
    for name, (secret, _) in SENTINELS.items():
        for form in forms(secret):
            if form.encode() in data or form.encode("utf-16-le") in data:
                found.append(f"{name} as {form!r}")
    return found


def keyed(host: str, target: str) -> tuple[str, str]:
    """The address a request for ``host`` + ``target`` has when the tokens are set."""
    if host == "api.stackexchange.com":
        secret = SENTINELS["STACKEXCHANGE_KEY"][0]
        return host, target + ("&" if "?" in target else "?") + "key=" + quote(secret, safe="")
    if host == "www.reddit.com":
        return "oauth.reddit.com", target
    return host, target


def audit(
    server: LocalServer, tmp: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    command = [
        *audit_command(server, tmp),
        "--json",
        str(tmp / "result.json"),
        "--csv",
        str(tmp / "tables"),
        *extra,
    ]
    return subprocess.run(
        command, env=env or environment(), capture_output=True, cwd=tmp, timeout=120
    )


def test_no_secret_is_written_anywhere_nor_sent_elsewhere(
    fleet: Fleet, fresh_server: LocalServer, tmp_path: Path
) -> None:
    server = fresh_server
    # with the tokens set, Stack Exchange is asked with a key and Reddit through its API host
    for key, answer in fleet.answers.items():
        server.overrides[keyed(*key)] = answer
    # failures on the way (quick ones: the command's own timeouts are long), so that error
    # messages, which name the addresses, are written too
    by_platform: dict[str, list] = {}
    for account in fleet.accounts:
        by_platform.setdefault(account.platform, []).append(account)
    for accounts in by_platform.values():
        server.add(on_target(*keyed(*profile_keys(fleet, accounts[-1])[0])), Fault("html-page"))
        if len(accounts) > 2:
            server.add(on_target(*keyed(*profile_keys(fleet, accounts[1])[-1])), Fault("endless"))
        for key in own_keys(fleet, accounts[0])[1:]:
            server.add(on_target(*keyed(*key)), Fault("loop"))
    env = environment() | {name: secret for name, (secret, _) in SENTINELS.items()}
    result = audit(server, tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr.decode()[-2000:]
    assert b"internal error" not in result.stdout + result.stderr
    assert b"Collected 30 of 30" not in result.stdout  # the faults did fail some accounts

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {
        "report.html",
        "profiles.jsonl",
        "result.json",
        "http-cache.sqlite",
    }
    problems = [
        f"{p.relative_to(tmp_path)}: {leak}" for p in written for leak in leaks(p.read_bytes())
    ]
    problems += [f"output: {leak}" for leak in leaks(result.stdout + result.stderr)]
    assert problems == []

    sent = 0
    for host, target, headers in ((r.host, r.target, r.headers) for r in server.requests):
        for name, (secret, homes) in SENTINELS.items():
            carried = secret in target or any(secret in value for value in headers.values())
            if carried:
                sent += 1
                assert host in homes, f"{name} was sent to {host}{target}"
    assert sent > 0, "no token was used at all: the test would prove nothing"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_cache_and_outputs_are_created_owner_only(
    fresh_server: LocalServer, tmp_path: Path, umask: int
) -> None:
    """Even under a permissive umask; the cache in its default place (the user cache folder)."""
    accounts = tmp_path / "accounts.toml"
    handles = ["keybase:joexample", "lobsters:joexample", "hackernews:JoExample"]
    accounts.write_text("".join(f'[[account]]\nhandle = "{h}"\n' for h in handles), "utf-8")
    env = environment() | {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [
        *audit_command(fresh_server, tmp_path),
        "--json",
        str(tmp_path / "result.json"),
        "--csv",
        str(tmp_path / "tables"),
    ]
    command[command.index("--cache-dir") : command.index("--cache-dir") + 2] = []
    command[command.index(str(ACCOUNTS))] = str(accounts)
    result = subprocess.run(
        ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh", *command],
        env=env,
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    cache = tmp_path / "xdg" / "linkage"
    assert mode(cache) == 0o700
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.name == "http-cache.sqlite" for p in files)
    for path in files:
        assert mode(path) == 0o600, path
    for name in (
        "report.html",
        "profiles.jsonl",
        "result.json",
        "tables/profiles.csv",
        "tables/links.csv",
    ):
        assert mode(tmp_path / name) == 0o600, name
    assert mode(tmp_path / "tables") == 0o700
