"""``linkage forget``: delete the cached answers of some accounts, or the whole cache."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from collectors.cache_admin import database, delete_by_prefix, entries, logical
from linkage.cli import app
from tests.robustness.fleet import Fleet, run_audit
from tests.server import LocalServer

runner = CliRunner()


def forget(server: LocalServer, cache: Path, *args: str, answer: str | None = None):
    return runner.invoke(
        app,
        ["forget", *args, "--endpoint", f"*={server.url}", "--cache-dir", str(cache)],
        input=answer,
    )


def cached(cache: Path) -> set[tuple[str, str]]:
    return {(e.host, e.target) for e in entries(cache)}


def keys_of(*keys: tuple[str, str]) -> set[tuple[str, str]]:
    """Fleet addresses as the cache lists them."""
    return {logical(f"https://{host}{target}") for host, target in keys}


def test_forgetting_accounts_deletes_their_answers_and_only_theirs(
    fleet: Fleet, fresh_server: LocalServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    run_audit(fleet, fresh_server, cache_dir=cache)
    before = cached(cache)
    assert before == keys_of(*fleet.answers)
    gone = [fleet.by_id("github:jo-example"), fleet.by_id("mastodon:beata@example.social")]
    assert b"Jo-Example" in database(cache).read_bytes()

    result = forget(fresh_server, cache, "github:jo-example", "https://example.social/@beata")
    assert result.exit_code == 0, result.output
    assert "Forgot github:jo-example: 8 cached answers deleted." in result.output
    assert "Forgot mastodon:beata@example.social:" in result.output

    after = cached(cache)
    removed = before - after
    assert removed == keys_of(*(key for account in gone for key in account.keys))
    # nothing of theirs lingers in the file, and the file stays owner-only
    assert b"Jo-Example" not in database(cache).read_bytes()
    assert stat.S_IMODE(os.stat(database(cache)).st_mode) == 0o600

    # the next run fetches theirs again, and nothing else
    fresh_server.clear()
    run = run_audit(fleet, fresh_server, cache_dir=cache)
    assert run.errors() == {}
    assert keys_of(*fresh_server.hits) == removed


def test_forgetting_everything_and_nothing(
    fleet: Fleet, fresh_server: LocalServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    result = forget(fresh_server, cache, "github:alex-example")
    assert result.exit_code == 0 and "nothing to forget" in result.output
    assert not cache.exists()  # looking did not create a cache

    run_audit(fleet, fresh_server, cache_dir=cache)
    count = len(entries(cache))
    result = forget(fresh_server, cache, "--all", "--yes")
    assert result.exit_code == 0, result.output
    assert f"({count} cached answers)" in result.output
    assert not [p for p in cache.iterdir() if p.name.startswith("http-cache")]

    assert forget(fresh_server, cache).exit_code == 2
    assert forget(fresh_server, cache, "--all", "github:alex-example").exit_code == 2
    assert forget(fresh_server, cache, "nosuchplatform:x").exit_code == 2


def test_deleting_by_address_prefix(
    fleet: Fleet, fresh_server: LocalServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    run_audit(fleet, fresh_server, cache_dir=cache)
    before = cached(cache)
    deleted = delete_by_prefix(cache, "https://api.github.com/users/kim-example")
    gone = before - cached(cache)
    assert deleted == len(gone) > 0
    assert all(
        host == "api.github.com" and target.startswith("/users/kim-example")
        for host, target in gone
    )


def test_forget_leaves_no_trace_of_an_account_whatever_endpoint_filled_the_cache(
    tmp_path: Path,
) -> None:
    """An audit through the command line (which keeps the account index), then forgetting
    one account *without* the --endpoint the audit used: its answers, those of the site found
    through its link, its past audits and its collected profiles are gone; the other
    account's answers stay."""
    from linkage.demo import FixtureServer
    from linkage.store import INDEX_NAME, data_dir
    from tests.people import ACCOUNTS, BIRDS, write_sites

    cache = tmp_path / "cache"
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(ACCOUNTS, "utf-8")
    with FixtureServer(write_sites(tmp_path / "sites")) as server:
        for report in ("one.html", "two.html"):
            result = runner.invoke(
                app,
                [
                    "audit", str(accounts), "-q", "-o", str(tmp_path / report),
                    "--endpoint", f"*={server.url}", "--cache-dir", str(cache),
                ],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
    hosts = {e.host for e in entries(cache)}
    assert hosts == {
        "ines-dunmore.example.org",
        "ines-birds.example.net",
        "ines-sketches.example.com",
    }
    only_theirs = [b"Wader notes", b"greenshank", b"Estuary sketchbook", b"curlews again"]
    assert all(s in database(cache).read_bytes() for s in only_theirs)

    theirs = [e for e in entries(cache) if e.host != "ines-dunmore.example.org"]
    # the two past audits were audits of the work site too: it asks first
    result = runner.invoke(app, ["forget", f"web:{BIRDS}", "--cache-dir", str(cache)], input="y\n")
    assert result.exit_code == 0, result.output
    assert f"Delete the 2 past audits and forget web:{BIRDS}? [y/N]: y" in result.output
    assert (
        f"Forgot web:{BIRDS}: {len(theirs)} cached answers deleted, including those of 1 "
        "account found from it." in result.output
    )
    assert "Deleted 2 past audits and 1 collected profiles file" in result.output

    # the cache: only the work site's answers remain, and nothing of theirs in the file
    assert {e.host for e in entries(cache)} == {"ines-dunmore.example.org"}
    raw = b"".join(p.read_bytes() for p in cache.iterdir() if p.is_file())
    assert [s for s in only_theirs if s in raw] == []
    assert b"ines-sketches" not in raw  # the site found from it (the work site links to hers)
    index = (cache / INDEX_NAME).read_text()
    assert "ines-birds" not in index and "ines-sketches" not in index
    # the data folder: no past audit, no profiles file, nothing that names them
    kept = [p for p in data_dir().rglob("*") if p.is_file() and p.name != ".secret"]
    assert kept == []
    # forgetting again finds nothing more
    again = runner.invoke(app, ["forget", f"web:{BIRDS}", "--cache-dir", str(cache)])
    assert (again.exit_code, again.output) == (
        0,
        f"linkage keeps nothing about web:{BIRDS}: nothing to delete.\n",
    )


def _app_last_audit(data: Path, ids: list[str]) -> Path:
    """The app's last audit in its default folder, as a run leaves it."""
    import json

    folder = data / "app" / "last-audit"
    folder.mkdir(parents=True)
    (folder / "profiles.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "platform": i.split(":")[0], "handle": i}) + "\n" for i in ids
        ),
        encoding="utf-8",
    )
    for name in ("report.html", "report-redacted.html", "analysis.json"):
        (folder / name).write_text("<p>Jo Example</p>", encoding="utf-8")
    return folder


def test_forgetting_an_account_deletes_the_app_s_last_audit_of_it(
    fresh_server: LocalServer, tmp_path: Path, private_data_dir: Path
) -> None:
    """The app's last reports named the account after 'forget' had run: they were kept
    apart from the past audits it deletes."""
    cache = tmp_path / "cache"
    last = _app_last_audit(private_data_dir, ["github:jo-example", "reddit:quiet_jo"])
    result = forget(fresh_server, cache, "mastodon:beata@example.social")
    assert result.exit_code == 0, result.output
    assert len(list(last.iterdir())) == 4  # not theirs: kept
    result = forget(fresh_server, cache, "reddit:quiet_jo")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Deleted 0 past audits and 0 collected profiles files mentioning them" in said
    assert (
        "Deleted the app's last report (full and redacted), its analysis and its collected "
        f"profiles, in {last}." in said
    )
    assert list(last.iterdir()) == []


def test_forgetting_finds_the_app_s_last_audit_in_a_folder_named_with_data(
    fresh_server: LocalServer, tmp_path: Path, private_data_dir: Path
) -> None:
    """'linkage app --data DIR' kept its last audit there, and 'forget' looked only in the
    app's default folder: the reports naming the account stayed."""
    from linkage.store import remember_app_folder

    last = _app_last_audit(tmp_path / "mine", ["reddit:quiet_jo"])
    mine = last.parent
    (mine / "uploads" / "export-x1").mkdir(parents=True)
    (mine / "uploads" / "export-x1" / "twitter.zip").write_bytes(b"PK")
    remember_app_folder(mine)  # as 'linkage app --data' does
    result = forget(fresh_server, tmp_path / "cache", "reddit:quiet_jo")
    assert result.exit_code == 0, result.output
    assert "Deleted the app's last report (full and redacted)" in result.output
    assert list(last.iterdir()) == []
    again = _app_last_audit(tmp_path / "again", ["reddit:quiet_jo"]).parent
    remember_app_folder(again)
    (mine / "accounts.toml").write_text('[[account]]\nhandle = "reddit:quiet_jo"\n')
    (again / "last-audit" / "my-notes.txt").write_text("mine")  # a folder of the person's
    unused = tmp_path / "unused"  # named with --data once, the app never wrote there
    unused.mkdir()
    remember_app_folder(unused)
    result = forget(fresh_server, tmp_path / "cache", "--all", "--yes")
    assert result.exit_code == 0, result.output
    assert list((again / "last-audit").iterdir()) == [again / "last-audit" / "my-notes.txt"]
    assert not (again / "last-audit" / "report.html").exists()
    assert not (mine / "uploads").exists()  # only the app's upload, so the folder went too
    assert (mine / "accounts.toml").is_file()  # the person's own list stays
    assert f"last reports in {again}" in " ".join(result.output.split())
    assert f"last reports in {unused}" not in " ".join(result.output.split())  # none there


def test_a_website_is_forgotten_whichever_scheme_it_was_audited_under(
    fresh_server: LocalServer, tmp_path: Path, private_data_dir: Path
) -> None:
    """Audited as http://ann-vale.example.org/ and forgotten as ann-vale.example.org (read
    as https): 'Forgot ...' was said and every file naming it stayed."""
    import json

    kept = private_data_dir / "profiles" / "ann.jsonl"
    kept.parent.mkdir(parents=True)
    site = {"id": "web:http://ann-vale.example.org/", "platform": "web", "handle": "x"}
    kept.write_text(json.dumps(site) + "\n", encoding="utf-8")
    result = forget(fresh_server, tmp_path / "cache", "ann-vale.example.org")
    assert result.exit_code == 0, result.output
    assert not kept.exists() and "1 collected profiles file" in result.output


def test_forgetting_everything_says_what_goes_and_asks_first(
    fleet: Fleet, fresh_server: LocalServer, tmp_path: Path, private_data_dir: Path
) -> None:
    """'forget --all' deleted every past audit, profile and cached answer the moment it was
    typed; a person who meant 'forget github:...' lost everything without a word."""
    cache = tmp_path / "cache"
    kept = private_data_dir / "profiles" / "fleet.jsonl"
    kept.parent.mkdir()
    run_audit(fleet, fresh_server, cache_dir=cache, save_to=kept)
    count = len(entries(cache))
    assert count and kept.is_file()
    for answer in ("n\n", "\n"):  # no, and the default
        result = forget(fresh_server, cache, "--all", answer=answer)
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert "This deletes everything linkage keeps, and cannot be undone" in said
        assert "1 collected profiles file in" in said and "Nothing deleted." in said
        assert len(entries(cache)) == count and kept.is_file()
    result = forget(fresh_server, cache, "--all")  # no terminal, no answer
    assert result.exit_code == 2 and "give --yes to delete without asking" in result.output
    assert len(entries(cache)) == count and kept.is_file()
    result = forget(fresh_server, cache, "--all", answer="y\n")
    assert result.exit_code == 0 and f"({count} cached answers)" in result.output
    assert not kept.exists()


def test_forgetting_everything_takes_the_app_s_folder(
    fresh_server: LocalServer, tmp_path: Path, private_data_dir: Path
) -> None:
    app_folder = _app_last_audit(private_data_dir, ["github:jo-example"]).parent
    (app_folder / "accounts.toml").write_text('[[account]]\nhandle = "github:jo-example"\n')
    (app_folder / "uploads").mkdir()
    (app_folder / "uploads" / "archive.zip").write_bytes(b"PK")
    result = forget(fresh_server, tmp_path / "cache", "--all", "--yes")
    assert result.exit_code == 0, result.output
    assert not app_folder.exists()
    assert "Deleted the app's accounts list, uploaded exports and last reports" in result.output


def test_forgetting_an_account_deletes_what_the_sweep_kept_about_its_username(
    server: LocalServer, tmp_path: Path
) -> None:
    """'forget' deletes everything kept about an account, but the username sweep's cache
    kept where its username was found (or not) for a day after."""
    from collectors.sweep.cache import FILE_NAME
    from tests.collectors.sweep.test_cache import HOSTS, serve, sweep

    cache = tmp_path / "cache"
    serve(server, {"alpha.example.org": {"jo_example"}})
    sweep(server, tmp_path, "--variants", names=("jo_example", "kim_example"))
    assert b"jo_example" in (cache / FILE_NAME).read_bytes()

    result = runner.invoke(app, ["forget", "reddit:jo_example", "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    # jo_example and its variant joexample on 3 sites; kim_example's are kept
    assert result.output.startswith(
        "Forgot reddit:jo_example: 0 cached answers deleted, and 6 answers of the username "
        "sweep about 'jo_example'.\n"
    )
    raw = b"".join(p.read_bytes() for p in cache.iterdir())
    assert b"jo_example" not in raw.lower() and b"joexample" not in raw.lower()
    assert stat.S_IMODE(os.stat(cache / FILE_NAME).st_mode) == 0o600
    # the next sweep asks about her again, and about nobody else
    _, sent = sweep(server, tmp_path, "--variants", names=("jo_example", "kim_example"))
    assert sorted((r.host, r.path) for r in sent) == sorted(
        (host, f"/api/{name}") for host in HOSTS.values() for name in ("jo_example", "joexample")
    )
    # an account with no username to sweep (a website) leaves the sweep's answers alone
    result = runner.invoke(
        app, ["forget", "web:https://jo.example.org/", "--cache-dir", str(cache)]
    )
    assert result.exit_code == 0 and "username sweep" not in result.output


def test_forgetting_everything_deletes_the_sweep_s_cache(server: LocalServer, tmp_path: Path):
    from collectors.sweep.cache import FILE_NAME
    from tests.collectors.sweep.test_cache import serve, sweep

    cache = tmp_path / "cache"
    serve(server, {"alpha.example.org": {"jo_example"}})
    sweep(server, tmp_path, names=("jo_example", "kim_example"))
    result = runner.invoke(app, ["forget", "--all", "--yes", "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert "Deleted the username sweep's cache (6 answers)." in result.output
    assert not [p for p in cache.iterdir() if p.name.startswith(FILE_NAME)]
    _, sent = sweep(server, tmp_path, names=("jo_example", "kim_example"))
    assert len(sent) == 9  # every check and every site's random-username check again
