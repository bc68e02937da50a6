"""The floor plan holds by construction: read every module's imports (with ``ast``, lazy
imports inside functions included) and check who may import whom.

* ``collectors`` (everything that touches the network) may use the engine's records and
  pure tables, never its signals, evidence model or the reports;
* the engine (``linkage`` less the orchestration) never imports ``collectors``, ``reports``
  or the orchestration;
* ``reports`` never imports ``collectors`` or the orchestration;
* the records depend on nothing of the project but its errors and statuses;
* the orchestration (pipeline, command line, app, demo, discovery) is the only place where
  the floors meet; no cycle between the floors.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("collectors", "linkage", "reports")
ORCHESTRATION = (
    "linkage.__main__",
    "linkage.entry",  # the installed script
    "linkage.forget",
    "linkage.forget_all",  # forget --all, what forget says, and the app's uploads it deletes
    "linkage.forget_words",
    "linkage.forget_uploads",
    "linkage.pipeline",
    "linkage.audit_history",  # the pipeline's comparing with and keeping in the history
    "linkage.noting_client",  # the run's HTTP client noting what it reads: pipeline's
    "linkage.collecting",  # collecting one account, and how fresh its answers must be
    "linkage.cli",
    "linkage.app",
    "linkage.demo",
    "linkage.discovery",
)
#: what collectors may use of the engine floor: records and pure tables, nothing that scores
COLLECTORS_MAY_USE = (
    "linkage.records",
    "linkage.status",
    "linkage.errors",
    "linkage.platforms",
    "linkage.urls",
    "linkage.images",
    "linkage.clock",
    "linkage.accounts",
    "linkage.handles",
    "linkage.wording",  # counts and sizes in words ("2 entries", "4 MB"): summaries, errors
    "linkage",  # the version
)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in PACKAGES}


def floor(module: str) -> str:
    if any(module == o or module.startswith(o + ".") for o in ORCHESTRATION):
        return "orchestration"
    return module.split(".")[0]


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


GRAPH = {name: imports(name, path) for name, path in modules().items()}
KNOWN = set(GRAPH)


def targets(name: str) -> set[str]:
    """The project modules ``name`` imports (a ``from x import y`` names x, and x.y when
    y is a module)."""
    return {m for m in GRAPH[name] if m in KNOWN}


def test_the_engine_never_imports_collectors_reports_or_the_orchestration():
    bad = {
        (name, target)
        for name in GRAPH
        if floor(name) == "linkage"
        for target in targets(name)
        if floor(target) in ("collectors", "reports", "orchestration")
    }
    assert not bad, sorted(bad)


def test_reports_never_import_collectors_or_the_orchestration():
    bad = {
        (name, target)
        for name in GRAPH
        if floor(name) == "reports"
        for target in targets(name)
        if floor(target) in ("collectors", "orchestration")
    }
    assert not bad, sorted(bad)


def test_collectors_use_only_the_engines_records_and_tables():
    bad = {
        (name, target)
        for name in GRAPH
        if floor(name) == "collectors"
        for target in targets(name)
        if floor(target) in ("reports", "orchestration")
        or (floor(target) == "linkage" and not within(target, COLLECTORS_MAY_USE))
    }
    assert not bad, sorted(bad)


def test_records_depend_on_nothing_of_the_project():
    # file_kinds tells linkage's own files apart for the readers' messages; it imports nothing
    # shown_text makes outside text safe to show (a status's reason); it imports nothing
    allowed = {
        "linkage.records",
        "linkage.errors",
        "linkage.status",
        "linkage.file_kinds",
        "linkage.shown_text",
    }
    assert targets("linkage.file_kinds") <= {"linkage.file_kinds"}
    assert targets("linkage.shown_text") <= {"linkage.shown_text"}
    for name in ("linkage.records", "linkage.status", "linkage.errors"):
        assert targets(name) <= allowed, (name, targets(name) - allowed)


def test_no_cycle_between_the_floors():
    floors = nx.DiGraph()
    for name in GRAPH:
        for target in targets(name):
            if floor(name) != floor(target):
                floors.add_edge(floor(name), floor(target))
    assert nx.is_directed_acyclic_graph(floors), list(nx.simple_cycles(floors))


def test_the_archive_kinds_of_the_platform_table_are_the_importers():
    from collectors.archives import known_kinds
    from linkage.platforms import ARCHIVE_KINDS

    assert list(ARCHIVE_KINDS) == known_kinds()


def test_the_check_sees_the_project():
    # guards against a check that passes because it read nothing
    assert {"linkage.evidence.linking", "collectors.http.session", "reports.render"} <= KNOWN
    assert "collectors.base" in targets("linkage.pipeline")


def test_report_and_explain_start_without_the_network_floor(tmp_path):
    """``linkage report`` and ``linkage explain`` read stored profiles: in a fresh process
    they load neither requests nor any collector, nor the libraries that only large inputs
    need (scipy's sparse products, networkx, pandas, scikit-learn)."""
    import subprocess
    import sys

    from linkage.record_files import write_jsonl
    from linkage.records import Post, Profile

    words = "the kettle sings while I mend the fence and think about rivers and bread " * 5
    path = tmp_path / "profiles.jsonl"
    write_jsonl(
        path,
        [
            Profile(
                id="github:fernbrook", platform="github", handle="fernbrook", persona="work",
                posts=[Post(f"{words} {i}") for i in range(3)],
            ),
            Profile(
                id="reddit:fernbrook", platform="reddit", handle="fernbrook", persona="home",
                posts=[Post(f"{i} {words}") for i in range(3)],
            ),
        ],
    )  # fmt: skip
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['linkage', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('linkage', run_name='__main__')\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = {'requests', 'collectors', 'scipy', 'networkx', 'pandas', 'sklearn'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    for args in (
        ["report", str(path), "-o", str(tmp_path / "r.html")],
        ["explain", str(path), "github:fernbrook", "reddit:fernbrook"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True, text=True, cwd=tmp_path, timeout=300,
            env={**__import__("os").environ, "LINKAGE_DATA_DIR": str(tmp_path / "data")},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "[]", (args[0], done.stdout[-500:])
