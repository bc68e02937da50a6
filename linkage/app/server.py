"""The local web app: a Starlette application served by uvicorn on 127.0.0.1 only.

Guards, for a server that handles personal data on a shared computer:

- it listens on 127.0.0.1, on a free port chosen by the system;
- every request needs the secret token that ``linkage app`` puts in the address it opens:
  the page keeps it in its own tab and sends it in a header (never in a cookie, which a
  browser would give to every other port of 127.0.0.1); the report's frame and downloads
  go in with a one-use ticket (:mod:`linkage.app.guard`), so other local users and web
  pages cannot use it; the address is opened through an owner-only file, so it is not in
  the browser's command line for every user of the computer to read;
- the ``Host`` header must name this server (against DNS rebinding) and an ``Origin`` header,
  when sent, must be this server's (against cross-site requests);
- every state-changing request (POST) must also carry the token in a header, which a page of
  another site cannot send without asking first (and is never given leave to);
- pages load nothing from outside: a restrictive Content-Security-Policy on every answer; the
  report, whose content was collected from the web, is shown in a sandboxed frame with a CSP
  of its own;
- uploads are capped in size and opened with the importers' own safeguards.

The checks and headers are :mod:`linkage.app.guard`; this module holds the pages and the
routes, and :mod:`linkage.app.serving` runs them.
"""

from __future__ import annotations

import mimetypes
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from linkage.accounts import AccountSpec
from linkage.app.guard import DOWNLOAD_CSP, Guard, refuse, report_csp
from linkage.app.jobs import OUTPUTS, Runner
from linkage.app.shown import shown_path
from linkage.app.store import MAX_LABEL, PERSONAS, AccountsStore, clean_persona
from linkage.errors import LinkageError
from linkage.handles import recognise
from linkage.store import APP_LAST_AUDIT, APP_PROFILES, APP_UPLOADS, private_folder
from linkage.wording import in_megabytes
from reports.text import join_words, plural

#: the largest data export the page accepts (the importers then apply their own caps)
MAX_UPLOAD = 512 * 1024**2

# the page's script is ES modules, which a browser runs only when served as JavaScript; some
# systems map .js to another type (Windows can, through its registry)
mimetypes.add_type("text/javascript", ".js")


@dataclass
class Settings:
    """Where the app keeps things and how it fetches (the ``linkage app`` options)."""

    data_dir: Path
    accounts: Path | None = None
    endpoints: list[str] = field(default_factory=list)
    cache_dir: Path | None = None
    #: revalidate cached answers (``--refresh``); fetch discovered private addresses too
    #: (``--allow-private``)
    refresh: bool = False
    allow_private: bool = False
    max_upload: int = MAX_UPLOAD

    @property
    def accounts_path(self) -> Path:
        return self.accounts or self.data_dir / "accounts.toml"

    @property
    def uploads(self) -> Path:
        return self.data_dir / APP_UPLOADS

    @property
    def outputs(self) -> Path:
        return self.data_dir / APP_LAST_AUDIT


class App:
    """The routes, over one accounts store and one audit runner."""

    def __init__(self, settings: Settings, token: str) -> None:
        self.settings, self.token = settings, token
        self.store = AccountsStore(settings.accounts_path)
        self.runner = Runner(settings.outputs)
        self.templates = Environment(
            loader=PackageLoader("linkage.app", "templates"), autoescape=select_autoescape()
        )

    def routes(self) -> list[Any]:
        static = Path(__file__).resolve().parent / "static"
        return [
            Route("/", self.index),
            Route("/api/recognise", self.recognise),
            Route("/api/accounts", self.accounts),
            Route("/api/accounts/add", self.add, methods=["POST"]),
            Route("/api/accounts/remove", self.remove, methods=["POST"]),
            Route("/api/archive", self.upload, methods=["POST"]),
            Route("/api/run", self.status),
            Route("/api/run", self.run, methods=["POST"]),
            Route("/api/forget", self.forget_costs),
            Route("/api/forget", self.forget, methods=["POST"]),
            Route("/view/{name}", self.view),
            Route("/download/{name}", self.download),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]

    async def index(self, request: Request) -> Response:
        page = self.templates.get_template("index.html").render(
            token=self.token,
            personas=PERSONAS,
            max_label=MAX_LABEL,
            accounts_path=shown_path(self.settings.accounts_path),
            max_upload=self.settings.max_upload,
            max_upload_words=in_megabytes(self.settings.max_upload),
        )
        return HTMLResponse(page)

    async def recognise(self, request: Request) -> Response:
        text = request.query_params.get("text", "")[:500]
        return JSONResponse(recognise(text, place="app").to_dict())

    def listing(self) -> dict[str, Any]:
        return {
            "path": shown_path(self.settings.accounts_path),
            "accounts": [vars(row) for row in self.store.rows()],
        }

    async def accounts(self, request: Request) -> Response:
        return JSONResponse(self.listing())

    async def body(self, request: Request) -> dict[str, Any]:
        try:
            data = await request.json()
        except ValueError:
            raise LinkageError("The page sent something unexpected; reload it.") from None
        if not isinstance(data, dict):
            raise LinkageError("The page sent something unexpected; reload it.")
        return data

    async def add(self, request: Request) -> Response:
        data = await self.body(request)
        self.store.add_handle(str(data.get("text", ""))[:500], str(data.get("persona") or ""))
        return JSONResponse(self.listing())

    async def remove(self, request: Request) -> Response:
        data = await self.body(request)
        try:
            number = int(data.get("number", 0))
        except (TypeError, ValueError):
            number = 0
        label = data.get("label")
        gone = self.store.remove(number, label if isinstance(label, str) else None)
        self.delete_upload(gone.archive)
        return JSONResponse(self.listing())

    async def upload(self, request: Request) -> Response:
        from linkage.app.export_check import importers_of
        from linkage.app.same_file import listed_as

        persona = clean_persona(request.query_params.get("persona"))  # before the upload
        limit = self.settings.max_upload
        too_large = (
            f"This file is larger than {in_megabytes(limit)}, the most the page accepts. "
            'Give it to the command line instead: linkage audit with archive = "PATH".'
        )
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return JSONResponse({"error": too_large}, status_code=413)
        raw_name = request.query_params.get("name", "") or "export"
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(raw_name.replace("\\", "/")).name)
        name = name.strip(".-")[:80] or "export"
        # one folder per upload, so the export keeps its own name
        private_folder(self.settings.uploads)
        folder = Path(tempfile.mkdtemp(prefix="export-", dir=self.settings.uploads))
        target = folder / name
        size = 0
        try:
            with os.fdopen(
                os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
            ) as out:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise LinkageError(too_large)
                    out.write(chunk)
            if size == 0:
                raise LinkageError("That file is empty; download the export again.")

            def look_inside() -> tuple[list, AccountSpec | None]:
                return importers_of(target), listed_as(target, self.store.specs)

            # unpacking and hashing take a while: not on the loop that answers the page
            found, twin = await run_in_threadpool(look_inside)
            if twin is not None:
                raise LinkageError(
                    f"This export is already in the list (account {twin.number}, "
                    f"{twin.archive.name if twin.archive else 'an export'}); it was not added "
                    "again."
                )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        kind = found[0].kind if len(found) == 1 else None
        self.store.add_archive(target, kind, persona)
        return JSONResponse(self.listing())

    def delete_upload(self, archive: Path | None) -> bool:
        """Delete an export uploaded through the page (not one the user listed by path)."""
        from linkage.forget_uploads import delete_upload

        if archive is None:
            return False
        return delete_upload(archive, self.settings.uploads, ignore_errors=True)

    def audit_options(self) -> Any:
        from linkage.pipeline import AuditOptions, http_config

        settings = self.settings
        http = http_config(
            settings.endpoints,
            settings.cache_dir,
            refresh=settings.refresh,
            allow_private=settings.allow_private,
        )
        return AuditOptions(http=http, profiles_out=self.settings.outputs / APP_PROFILES)

    async def run(self, request: Request) -> Response:
        data = await self.body(request)
        demo = bool(data.get("demo"))
        if not demo and not self.store.specs:
            raise LinkageError("Add at least one account first.")
        private_folder(self.settings.outputs)
        self.runner.start(
            list(self.store.specs),
            self.audit_options,
            owner=self.store.owner,
            demo=demo,
            after=bool(data.get("after")),  # the demo once the changes it proposes are made
        )
        return JSONResponse(self.runner.snapshot())

    async def status(self, request: Request) -> Response:
        return JSONResponse(self.runner.snapshot())

    async def forget_costs(self, request: Request) -> Response:
        """What the page says before it asks to forget: the past audits forgetting these
        accounts deletes that were audits of other accounts too, each by its date as 'linkage
        history' lists it, and what deleting them costs those accounts, in the words of
        'linkage forget' (``shared`` null when there are none)."""
        from linkage.forget import audits_of, targets
        from linkage.forget_words import sharing_words

        def look() -> list[str]:
            options = self.audit_options()
            wanted = targets(list(self.store.specs), options.http)
            found = audits_of(wanted, Path(options.http.cache_dir).expanduser())
            return sharing_words(wanted, found) if found.shared else []

        # an export's account may be read again to know it: not on the loop that answers
        lines = await run_in_threadpool(look)
        if not lines:
            return JSONResponse({"shared": None})
        head, *audits, cost = lines
        shared = {
            "head": head,
            "audits": [line.strip() for line in audits],
            # the page's question says it next, of everything forgetting deletes
            "cost": cost.removesuffix(" This cannot be undone."),
        }
        return JSONResponse({"shared": shared})

    async def forget(self, request: Request) -> Response:
        from linkage.folder_lock import forgetting
        from linkage.forget import forget_accounts, targets
        from linkage.forget_words import OWN_FILES, last_audit_words
        from linkage.read_memory import forget_read_text
        from linkage.store import data_dir

        if self.runner.busy():
            raise LinkageError("An audit is running; wait for it to finish, then forget.")
        options = self.audit_options()
        # everything kept about them: cached answers (whichever endpoint), the accounts found
        # from them, past audits and saved profiles; an export's account by what it holds
        wanted = targets(list(self.store.specs), options.http)
        with forgetting(data_dir(create=False)):  # not while an audit in a terminal keeps it
            done = forget_accounts(wanted, options.http, uploads=False)
        forget_read_text()  # and what this process still holds of what it read
        cached = sum(f.answers for f in done.accounts)
        swept = sum(f.sweep_answers for f in done.accounts)
        outputs = self.settings.outputs
        # the app's last audit, named as the page offers it, whether it held these accounts
        # (deleted with them) or not (deleted all the same)
        last = {n for folder, names in done.app_audits if folder == outputs for n in names}
        gone = self.runner.forget_outputs()
        last |= {p.name for p in gone if p.parent == outputs}
        demo = any(p.parent != outputs for p in gone)
        profiles = outputs / APP_PROFILES
        if profiles.exists():
            profiles.unlink()
            last.add(APP_PROFILES)
        exports = 0
        for archive in [s.archive for s in self.store.specs if s.archive is not None]:
            if self.delete_upload(archive):
                self.store.remove_archive(archive)
                exports += 1
        # what there was to delete, by count: "0 uploaded exports" was said of a list of
        # handles alone, as if something had failed
        deleted = [
            plural(cached, "saved page") + " from these accounts" if cached else "",
            plural(done.audits, "past audit") if done.audits else "",
            plural(done.profiles, "collected profiles file") if done.profiles else "",
            plural(exports, "uploaded export") if exports else "",
        ]
        if swept:
            deleted.append(plural(swept, "answer") + " of the username sweep")
        if last:
            deleted.append(last_audit_words(last))
        if demo:
            deleted.append("the demo's last report")
        kept = (
            "The uploaded exports are off the list of accounts; the rest of the list"
            if exports
            else "The list of accounts itself"
        )
        deleted = [d for d in deleted if d]
        said = f"Forgotten: {join_words(deleted) or 'nothing was kept about these accounts'}."
        message = (
            f"{said} {kept} is kept in "
            f"{shown_path(self.settings.accounts_path)}; remove accounts from it with ✕. "
            f"{OWN_FILES}"
        )
        if done.failures:
            failed = "; ".join(f"{f.what} in {f.where} ({f.why})" for f in done.failures)
            message += (
                f" Some of it could not be deleted: {failed}. Make those folders writable by "
                "you, then forget again."
            )
        return JSONResponse({"message": message, **self.listing()})

    def output(self, name: str) -> Path | None:
        if name not in OUTPUTS:
            return None
        path = self.runner.current_outputs() / OUTPUTS[name][0]
        return path if path.is_file() else None

    async def view(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = self.output(name) if name in ("report", "redacted") else None
        if path is None:
            return refuse(404, "No report yet: run the audit first.")
        return FileResponse(
            path,
            media_type="text/html; charset=utf-8",
            headers={
                "content-security-policy": report_csp(_head(path)),
                "x-frame-options": "SAMEORIGIN",
            },
        )

    async def download(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = self.output(name)
        if path is None:
            why = self.runner.snapshot()
            reasons = {o["name"]: o["why"] for o in why["outputs"]}
            return refuse(404, reasons.get(name) or "Nothing to download yet: run the audit.")
        demo = self.runner.snapshot()["demo"]  # saved beside a real audit's, named apart
        return FileResponse(
            path,
            media_type=OUTPUTS[name][1],
            filename=("demo-" if demo else "") + OUTPUTS[name][0],
            headers={"content-security-policy": DOWNLOAD_CSP},
        )


def _head(path: Path) -> str:
    """The start of a report, where its own policy is."""
    with path.open(encoding="utf-8", errors="replace") as report:
        return report.read(4096)


async def plain_error(request: Request, exc: Exception) -> Response:
    """The error in plain words, and the form's field it is about where there is one."""
    field = getattr(exc, "field", None)
    return JSONResponse({"error": str(exc), **({"field": field} if field else {})}, status_code=400)


async def internal_error(request: Request, exc: Exception) -> Response:
    detail = f"{exc.__class__.__name__}: {exc}"
    return JSONResponse(
        {
            "error": f"Something went wrong inside linkage ({detail}). This is a bug; please "
            "report it."
        },
        status_code=500,
    )


def create_app(settings: Settings, token: str, port: Callable[[], int]) -> ASGIApp:
    """The whole application, guards in front."""
    app = App(settings, token)
    starlette = Starlette(
        routes=app.routes(),
        exception_handlers={LinkageError: plain_error, Exception: internal_error},
    )
    starlette.state.linkage = app
    return Guard(starlette, token, port)
