"""Running the local app: :class:`AppServer` puts it on a socket of its own (127.0.0.1, a
free port, a new secret token) under uvicorn, and :func:`serve` runs it until Ctrl-C, printing
and opening its secret address. The application itself is :mod:`linkage.app.server`."""

from __future__ import annotations

import secrets
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from linkage.app.browser_open import open_privately
from linkage.app.server import Settings, create_app
from linkage.errors import LinkageError
from linkage.folder_lock import APP_LOCK, holding_app_folder

#: the file in the data folder that one running app holds locked ('linkage forget' checks it)
LOCK_FILE = APP_LOCK


class AppServer:
    """The app on a socket of its own: 127.0.0.1, ``port`` (0: a free one), a new token."""

    def __init__(self, settings: Settings, port: int = 0) -> None:
        import uvicorn

        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # the user's, if given
        self._lock = holding_app_folder(settings.data_dir)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind(("127.0.0.1", port))
        except OSError as exc:
            self.socket.close()
            self.release()
            raise LinkageError(
                f"Cannot listen on 127.0.0.1 port {port}: {exc.strerror}. Leave out --port "
                "to use a free one."
            ) from None
        self.port: int = self.socket.getsockname()[1]
        self.token = secrets.token_urlsafe(32)
        self.application = create_app(settings, self.token, lambda: self.port)
        self.server = uvicorn.Server(
            uvicorn.Config(self.application, log_level="warning", lifespan="off", access_log=False)
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The secret address: the only way in."""
        return f"{self.base}/?token={self.token}"

    def run(self) -> None:
        """Serve until :meth:`stop` (or Ctrl-C when run on the main thread)."""
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.release()

    def release(self) -> None:
        """Let another app use the data folder (done when the app stops)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def wait_started(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not self.server.started and not self.server.should_exit:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return self.server.started

    def stop(self) -> None:
        self.server.should_exit = True


def serve(
    settings: Settings,
    *,
    port: int = 0,
    open_browser: bool = True,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the app on 127.0.0.1 until Ctrl-C; print (and open) its secret address, and say
    that the app stopped once Ctrl-C has stopped it."""
    app_server = AppServer(settings, port)
    opened: list[Path] = []

    def announce() -> None:
        if app_server.wait_started(timeout=60):
            echo(app_server.url)  # first, alone: the line to open (the contract's)
            sys.stdout.flush()
            folder = open_privately(app_server.url) if open_browser else None
            if folder is not None:
                opened.append(folder)
            echo(running_words(opened=folder is not None, tried=open_browser))
            sys.stdout.flush()

    threading.Thread(target=announce, daemon=True).start()
    try:
        app_server.run()
    except KeyboardInterrupt:
        # Ctrl-C is how the app is ended, not a failure (uvicorn stops serving, then raises
        # the Ctrl-C again once it has, or returns when the signal came before it was ready to
        # raise it): said as such below, and the command ends without an error
        pass
    finally:
        for folder in opened:
            shutil.rmtree(folder, ignore_errors=True)
    echo(STOPPED)  # however uvicorn ended on the signal: "stopped" was said only when it raised
    sys.stdout.flush()


#: what ``linkage app`` says once Ctrl-C has stopped it
STOPPED = "linkage app stopped."


def running_words(*, opened: bool, tried: bool) -> str:
    """What ``linkage app`` says under its address: whether the browser is opening it, or
    that the person opens it (``--no-browser``, or no browser could be started)."""
    if opened:
        where = "linkage app is running at the address above, and your browser is opening it."
    elif tried:
        where = (
            "linkage app is running at the address above. No browser could be opened from "
            "here: open that address in your web browser (copy it into the address bar)."
        )
    else:
        where = (
            "linkage app is running at the address above: open it in your web browser (copy "
            "it into the address bar)."
        )
    return f"{where} Keep the address to yourself; press Ctrl-C here to stop the app."
