"""One app per data folder: the running app holds the folder, a second says where the first
is, a folder the app cannot write in is said so, and Ctrl-C ends the app in plain words."""

from __future__ import annotations

import sys

import pytest


def test_a_second_app_on_the_same_folder_says_where_the_first_is(tmp_path) -> None:
    """A second 'linkage app' on the same data folder started without a word, and the two
    then edited one list of accounts and one last audit under each other."""
    from linkage.app.server import Settings
    from linkage.app.serving import AppServer
    from linkage.errors import LinkageError

    settings = Settings(data_dir=tmp_path / "data")
    first = AppServer(settings)
    try:
        with pytest.raises(LinkageError, match="the app is already running with the folder"):
            AppServer(settings)
        AppServer(Settings(data_dir=tmp_path / "other")).release()  # another folder: fine
    finally:
        first.release()
        first.socket.close()
    again = AppServer(settings)  # once the first has stopped, the folder is free
    again.release()
    again.socket.close()


def test_a_data_folder_the_app_cannot_write_in_is_said_so(tmp_path) -> None:
    """The lock file that could not be made stopped the app with the system's bare words
    ("…/app.lock: Is a directory")."""
    from linkage.app.server import Settings
    from linkage.app.serving import LOCK_FILE, AppServer
    from linkage.errors import LinkageError

    (tmp_path / "data" / LOCK_FILE).mkdir(parents=True)  # nothing can be written there
    with pytest.raises(LinkageError, match="linkage cannot write in the folder") as caught:
        AppServer(Settings(data_dir=tmp_path / "data"))
    assert "with --data" in str(caught.value)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")
def test_a_file_system_without_locks_runs_the_app_unguarded(tmp_path, monkeypatch) -> None:
    """Some network shares answer a lock with ENOLCK: that is not another app running, so
    the app starts (as it did before it held the folder) instead of refusing."""
    import errno
    import fcntl

    from linkage.app.server import Settings
    from linkage.app.serving import AppServer

    def no_locks(handle, operation) -> None:  # the system's answer on such a share
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    settings = Settings(data_dir=tmp_path / "data")
    first = AppServer(settings)
    second = AppServer(settings)  # unguarded: nothing to say which came first
    for app in (first, second):
        app.release()
        app.socket.close()


def test_ctrl_c_says_the_app_stopped_not_that_it_was_interrupted(app_process) -> None:
    """Ctrl-C, the way to end 'linkage app' its own words give, printed "linkage:
    interrupted. Whatever was already written is kept.", as if something had gone wrong."""
    import signal

    process = app_process.process
    assert process is not None and process.stdout is not None
    assert "press Ctrl-C here to stop the app" in process.stdout.readline()
    process.send_signal(signal.SIGINT)
    said, _ = process.communicate(timeout=30)
    assert said.strip() == "linkage app stopped.", said
    assert "interrupted" not in said
    assert process.returncode == 0
