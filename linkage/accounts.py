"""The accounts file (TOML): who is being audited, which accounts, which personas."""

from __future__ import annotations

import codecs
import difflib
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from linkage import file_kinds, platforms
from linkage.errors import InputError, UsageError
from linkage.handles import Handle, read_handle
from linkage.toml_words import plain_toml_error

#: the keys an ``[[account]]`` entry may hold; others are left alone (notes, say), unless one
#: looks like a misspelling of these, which would silently drop what it says
KEYS = ("handle", "archive", "persona", "kind", "platform")
#: the keys the file itself may hold (others, such as notes, are left alone, as above)
TOP_KEYS = ("owner", "account")
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9]*):(?!//)")
#: a character no one types into a path: what "\t" or "\n" in double quotes becomes
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: the escapes a Windows path written in double quotes turns into control characters
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
#: tomllib's complaints about a back-slash in a double-quoted string
_ESCAPE_ERRORS = ("Unescaped '\\'", "Invalid hex value", "Unknown escape")
_AT_LINE = re.compile(r"at line (\d+)")
#: how to write a Windows path in TOML
PATH_ADVICE = (
    "write the path with forward slashes (\"C:/Users/…\") or in single quotes ('C:\\Users\\…')"
)


@dataclass
class AccountSpec:
    """One ``[[account]]`` entry: a live handle or a data-export archive, and its persona."""

    number: int
    persona: str | None = None
    handle: Handle | None = None
    archive: Path | None = None
    kind: str | None = None
    #: for an archive: the account's name on its platform, where the export does not say it
    name: str | None = None
    #: the handle as the person wrote it (a Gravatar account's id holds only its email's hash)
    written: str | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        if self.handle is not None:
            return self.handle.id
        return f"archive {self.archive.name if self.archive else '?'}"

    @property
    def shown(self) -> str:
        """The account as the terminal names it: its :attr:`label`, but a Gravatar account given
        by its email address by that address (its id holds the address's hash, which the
        person never typed and cannot recognise)."""
        from linkage.platforms.gravatar import email_in

        if self.handle is not None and self.handle.platform == "gravatar":
            email = email_in(self.written or "")
            if email:
                return f"gravatar:{email}"
        return self.label


@dataclass
class AccountsFile:
    path: Path
    owner: str | None = None
    accounts: list[AccountSpec] = field(default_factory=list)


def load_accounts(path: Path) -> AccountsFile:
    """Read and check an accounts file; :class:`InputError` names the file and entry at fault."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such accounts file. Check the path, or write one: "
            f"'linkage init {shlex.quote(str(path))}' asks which accounts are yours."
        ) from None
    except IsADirectoryError:
        if file_kinds.sniff(path) == file_kinds.EXPORT_FOLDER:
            raise InputError(_an_export(path, file_kinds.EXPORT_FOLDER)) from None
        raise InputError(
            f"{path}: a folder, not an accounts file. Give the accounts file (TOML) itself."
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}).") from None
    try:
        data = tomllib.loads(_text(raw))
    except UnicodeDecodeError:
        kind = file_kinds.sniff(path)
        if kind == file_kinds.EXPORT:
            raise InputError(_an_export(path, file_kinds.EXPORT)) from None
        if kind == file_kinds.ARCHIVE:
            then = (
                "An accounts file is a text file listing your accounts; 'linkage init' writes one."
            )
            raise InputError(file_kinds.said(path, kind, "an accounts file", then)) from None
        raise InputError(
            f"{path}: not UTF-8 text (perhaps saved as 'ANSI'). Open it in a text editor and "
            "save it again with the encoding UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        kind = file_kinds.sniff(path)
        if kind == file_kinds.EXPORT:
            raise InputError(_an_export(path, kind)) from None
        if kind == file_kinds.PROFILES:
            then = f"To report on the accounts it holds: linkage report {path}"
            raise InputError(file_kinds.said(path, kind, "an accounts file", then)) from None
        if kind not in (None, file_kinds.ACCOUNTS):  # a broken accounts file is one still
            then = "An accounts file lists your accounts' handles; 'linkage init' writes one."
            raise InputError(file_kinds.said(path, kind, "an accounts file", then)) from None
        escape = _escape_error(str(exc))
        if escape:
            raise InputError(f"{path}, {escape}") from None
        raise InputError(f"{path}, {plain_toml_error(_text(raw), str(exc))}") from None
    _check_sections(data, path)
    owner = data.get("owner")
    if owner is not None and not isinstance(owner, str):
        raise InputError(f"{path}: 'owner' should be a quoted name.")
    entries = data.get("account", [])
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        raise InputError(
            f"{path}: no accounts found. Add one [[account]] section per account, each with "
            'handle = "PLATFORM:NAME" or archive = "PATH".'
        )
    result = AccountsFile(path=path, owner=owner)
    seen: dict[str, int] = {}
    sides: dict[str, str] = {}  # each persona as first written, by its case-folded form
    errors: list[str] = []
    for number, entry in enumerate(entries, start=1):
        try:
            result.accounts.append(_entry(entry, number, path, sides, seen))
        except InputError as exc:  # every entry at fault is said at once, not one per run
            errors.append(str(exc))
    if len(errors) == 1:
        raise InputError(errors[0])
    if errors:
        raise InputError(
            f"{len(errors)} accounts in {path} cannot be read:\n  " + "\n  ".join(errors)
        )
    return result


def _text(raw: bytes) -> str:
    """The file's text: UTF-16 by its byte-order mark (Notepad's "Unicode"), else UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def _escape_error(error: str) -> str | None:
    """For a TOML error at a back-slash in a double-quoted string (a Windows path such as
    "C:\\Users\\zoe"): where it is and how to write the path; else None."""
    if not any(words in error for words in _ESCAPE_ERRORS):
        return None
    found = _AT_LINE.search(error)
    where = f"line {found.group(1)}" if found else "a quoted string"
    return (
        f"{where}: a back-slash (\\) in double quotes starts an escape in this file's "
        f"format, so a Windows path cannot be written so: {PATH_ADVICE}."
    )


def _control_in_path(archive: str) -> str:
    """The message for a path holding a control character ("exports\\twitter.zip" in double
    quotes reads as "exports", a TAB, "witter.zip")."""
    typed = "".join(_ESCAPES.get(ch, ch) for ch in archive)
    shown = typed.replace("\\", "/") if not _CONTROL.search(typed) else None
    example = f" (\"{shown}\" or '{typed}')" if shown else ""
    return (
        "the archive path holds an invisible control character: in double quotes a "
        f"back-slash starts an escape (\\t is a TAB). {PATH_ADVICE[0].upper()}"
        f"{PATH_ADVICE[1:]}{example}."
    )


def _an_export(path: Path, kind: str) -> str:
    """The message for a data export given where an accounts file was wanted."""
    then = (
        "List it in an accounts file, in an [[account]] entry with "
        f"archive = {_toml_path(path)} and its persona, or add it with 'linkage init' or in "
        "'linkage app'."
    )
    return file_kinds.said(path, kind, "an accounts file", then)


def _toml_path(path: Path) -> str:
    """``path`` as a TOML string an accounts file can hold as written (Windows back-slashes
    in single quotes, where they are not escapes)."""
    text = str(path)
    if "\\" in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "/").replace('"', '\\"') + '"'


def _entry(
    entry: object, number: int, path: Path, sides: dict[str, str], seen: dict[str, int]
) -> AccountSpec:
    """One ``[[account]]`` entry, checked; :class:`InputError` names the entry at fault."""
    where = f"{path}, account {number}"
    if not isinstance(entry, dict):
        raise InputError(f"{where}: each account must be a [[account]] table.")
    _check_keys(entry, where)
    persona = entry.get("persona")
    if persona is not None and not isinstance(persona, str):
        raise InputError(f"{where}: 'persona' should be a quoted label such as \"personal\".")
    typo = misspelt_side(persona or "")
    if typo is not None:
        raise InputError(f"{where}: {side_typo_words(persona or '', typo)}")
    handle_text, archive = entry.get("handle"), entry.get("archive")
    if handle_text is None and archive is None:
        raise InputError(f'{where}: give handle = "PLATFORM:NAME" or archive = "PATH".')
    spec = AccountSpec(number=number, persona=_side(persona, sides))
    if archive is not None and handle_text is not None:  # the name the export does not give
        if not isinstance(handle_text, str) or not handle_text.strip():
            raise InputError(
                f"{where}: 'handle' beside 'archive' should be the account's quoted name "
                'on its platform, such as handle = "facebook:zoe.varga".'
            )
        spec.name = handle_text.strip()
    if archive is None:
        if not isinstance(handle_text, str):
            raise InputError(f"{where}: 'handle' should be a quoted handle.")
        written = _with_platform(handle_text, entry.get("platform"), where)
        try:
            spec.handle = read_handle(written)
            spec.written = written.strip()
        except UsageError as exc:
            raise InputError(f"{where}: {exc}") from None
        # a platform put before the handle made it what it is (forgejo and alex@codeberg.org
        # are codeberg:alex); one beside a handle that names its own must be that one
        named = entry.get("platform")
        wanted = named.strip().lower() if isinstance(named, str) else ""
        if (
            written == handle_text
            and wanted
            and spec.handle.platform != platforms.ALIASES.get(wanted, wanted)
        ):
            raise InputError(
                f"{where}: the handle '{entry['handle']}' is a "
                f"{platforms.title(spec.handle.platform)} account but "
                f'platform = "{named}"; keep one of them.'
            )
        key = spec.handle.id
    else:
        if not isinstance(archive, str) or not archive.strip():
            raise InputError(f"{where}: 'archive' should be a quoted file path.")
        if "\0" in archive:
            raise InputError(
                f"{where}: 'archive' holds a NUL character, which no file path can hold: "
                "write the archive's path as it is on disk."
            )
        if _CONTROL.search(archive):
            raise InputError(f"{where}: {_control_in_path(archive)}")
        archive_path = Path(archive).expanduser()
        if not archive_path.is_absolute():
            archive_path = (path.parent / archive_path).resolve()
        spec.archive = archive_path
        kind = entry.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise InputError(f"{where}: 'kind' should be a quoted archive kind.")
        if kind is not None and kind not in platforms.ARCHIVE_KINDS:
            known = ", ".join(
                f'"{name}" ({platforms.title(name.split("-")[0])})'
                for name in platforms.ARCHIVE_KINDS
            )
            raise InputError(
                f"{where}: '{kind}' is not an archive kind linkage knows. Known kinds: "
                f"{known}; or leave 'kind' out to detect it."
            )
        spec.kind = kind
        key = str(archive_path)
    if key in seen:
        raise InputError(
            f"{where}: the same account as account {seen[key]} ({key}); list each account once."
        )
    seen[key] = number
    return spec


#: The usual two personas, always written so (the report reads "your personal accounts").
USUAL_SIDES = ("personal", "professional")


def misspelt_side(label: str) -> str | None:
    """The usual side that a one-word ``label`` misspells, within two letters
    ("proffesional", "persnal"), or None. A misspelt side is a third side of the person: the
    audit would count the accounts on it as apart from those on the side meant, and advise
    closing a work account to keep it from the person's work."""
    word = label.strip().casefold()
    if len(word) < 5 or " " in word or word in USUAL_SIDES:
        return None
    from rapidfuzz.distance import OSA  # not at import: 'linkage sweep' reads no accounts file

    near = [side for side in USUAL_SIDES if OSA.distance(word, side) <= 2]
    return near[0] if len(near) == 1 else None


def side_typo_words(label: str, side: str) -> str:
    """What to say of a label that misspells ``side``, and what to do."""
    return (
        f"'{label.strip()}' looks like '{side}' misspelt. Write {side}; a side of your own "
        f"needs a word not so close to it (otherwise the audit takes '{label.strip()}' for "
        f"a side apart from your {side} one)."
    )


def _side(persona: str | None, sides: dict[str, str]) -> str | None:
    """``persona`` as one side of the person whatever its case: "Professional" and
    "professional" are one side (two sides that differ in case read as two sides of a person
    that are one); the usual two in lower case, others as first written in the file."""
    label = " ".join(persona.split()) if persona else ""
    if not label:
        return None
    key = label.casefold()
    if key in USUAL_SIDES:
        return key
    return sides.setdefault(key, label)


def _check_sections(data: dict, path: Path) -> None:
    """Refuse a section that would drop accounts without a word: a near miss of ``[[account]]``
    or ``owner`` ("[[accounts]]", "[[acount]]"), or any other section whose entries hold a
    ``handle`` or an ``archive``."""
    for key, value in data.items():
        if key in TOP_KEYS or not isinstance(key, str):
            continue
        entries = value if isinstance(value, list) else [value]
        holds_accounts = any(
            isinstance(entry, dict) and ("handle" in entry or "archive" in entry)
            for entry in entries
        )
        close = difflib.get_close_matches(key.lower(), TOP_KEYS, n=1, cutoff=0.75)
        if close or holds_accounts:
            name = close[0] if close else "account"
            shown = f"[[{key}]]" if isinstance(value, list) else f"'{key}'"
            wanted = "[[account]]" if name == "account" else "'owner'"
            raise InputError(
                f"{path}: {shown} is not a section linkage reads, so the accounts in it would "
                f"be left out; did you mean {wanted}? Each account starts with [[account]]."
                if name == "account"
                else f"{path}: {shown} is not a key linkage reads; did you mean {wanted}?"
            )


def _check_keys(entry: dict, where: str) -> None:
    """Refuse a key that is a near miss of one linkage reads ("persnoa"): its value would
    otherwise be dropped without a word."""
    for key in entry:
        if key in KEYS or not isinstance(key, str):
            continue
        close = difflib.get_close_matches(key.lower(), KEYS, n=1, cutoff=0.75)
        if close:
            raise InputError(
                f"{where}: '{key}' is not a key linkage reads; did you mean '{close[0]}'?"
            )


def _with_platform(handle: str, platform: object, where: str) -> str:
    """The handle as PLATFORM:NAME when the entry names its platform apart
    (``platform = "github"``, ``handle = "octocat"``)."""
    if platform is None:
        return handle
    if not isinstance(platform, str) or not platform.strip():
        raise InputError(
            f"{where}: 'platform' should be a quoted platform name such as \"github\"."
        )
    name = platform.strip().lower()
    if _PREFIX.match(handle.strip()):
        return handle  # names its platform itself (checked against 'platform' once read)
    known = platforms.get(platforms.ALIASES.get(name, name))
    # an address names its platform too, but on a server of anyone's (a GitLab, a Forgejo) it
    # is only a web page's until the platform is said
    on_any_server = known is not None and known.on_any_server
    address = handle.strip().lower().startswith(("http://", "https://"))
    if address and name != "web" and not on_any_server:
        return handle  # so does a profile address
    return f"{name}:{handle.strip()}"
