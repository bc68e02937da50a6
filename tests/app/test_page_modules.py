"""The page's script, ES modules that import each other, as the browser loads them from the
app: one missing, served with a type that is not JavaScript, or without a name another imports
stops them all, and the page's buttons do nothing (no error shows but in the console)."""

from __future__ import annotations

import re
from pathlib import Path

import requests

import linkage.app

STATIC = Path(linkage.app.__file__).resolve().parent / "static"
ENTRY = '<script type="module" src="/static/app.js"></script>'
#: ``import { a, b } from "./x.js";`` and ``import "./x.js";``
IMPORT = re.compile(r'^import\s+(?:\{([^}]*)\}\s+from\s+)?"([^"]+)";', re.M)
EXPORT = re.compile(r"^export\s+(?:async\s+)?(?:function|const|let)\s+([\w$]+)", re.M)


def test_every_module_is_served_as_javascript_and_gives_what_is_imported(running_app) -> None:
    page = running_app.session().get(running_app.url, timeout=10).text
    assert ENTRY in page
    # as the browser asks for a module: with the page's origin, without the token's header
    asked = {"Origin": running_app.base, "Sec-Fetch-Site": "same-origin"}
    served: dict[str, str] = {}
    wanted: list[tuple[str, str, list[str]]] = []  # (importer, module, names)
    queue = ["app.js"]
    while queue:
        name = queue.pop()
        if name in served:
            continue
        answer = requests.get(f"{running_app.base}/static/{name}", headers=asked, timeout=10)
        assert answer.status_code == 200, name
        # a module script of another type is refused (nosniff refuses a classic one too)
        assert answer.headers["content-type"].startswith("text/javascript"), name
        served[name] = answer.text
        for names, target in IMPORT.findall(answer.text):
            assert target.startswith("./") and target.endswith(".js"), (name, target)
            wanted.append((name, target[2:], [n.strip() for n in names.split(",") if n.strip()]))
            queue.append(target[2:])
    # every module shipped is loaded: none left out of the page, none the page lacks
    assert set(served) == {p.name for p in STATIC.glob("*.js")}
    for importer, module, names in wanted:
        exported = set(EXPORT.findall(served[module]))
        assert set(names) <= exported, (importer, module, set(names) - exported)
