"""Whether a kept audit's JSON is one linkage can use (:func:`check`).

A kept audit is read long after it was written, by a later version of linkage or after a
person (or a disk fault) changed it. Valid JSON with a field of the wrong type would otherwise
stop a later audit, ``linkage history``, ``linkage forget`` or the app at the point where the
field is used, after all their work. So every field read later is checked once, when the file
is loaded: a kept audit that fails is left out, and the commands say which file it is
(:func:`linkage.history.scan`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linkage.history import Unreadable

#: the kept audits' format this version writes and reads
FORMAT = 1

#: why a kept audit is left out, in the words the commands use
DAMAGED = "it is damaged"
NEWER = "a newer version of linkage wrote it"

#: an account's kept fingerprints: one value (or none) each, or a list of them
_ONE_VALUE_FIELDS = ("handle", "display_name", "bio", "location", "avatar", "posts")
_LIST_FIELDS = ("links", "mentions")


class Unusable(ValueError):
    """A kept audit linkage cannot use; ``reason`` is :data:`DAMAGED` or :data:`NEWER`."""

    def __init__(self, what: str, reason: str = DAMAGED) -> None:
        super().__init__(what)
        self.reason = reason


def check(data: Any) -> dict[str, Any]:
    """``data`` (a kept audit's parsed JSON) when every field linkage reads has the type it
    wrote; else :class:`Unusable`, saying the first field that is wrong."""
    if not isinstance(data, dict):
        raise Unusable("not a JSON object")
    kept_format = data.get("format", FORMAT)
    if not _is_int(kept_format):
        raise Unusable("format")
    if kept_format > FORMAT:
        raise Unusable("format", NEWER)
    for name in ("at", "version"):
        _optional(data, name, str, name)
    _strings(data.get("accounts", []), "accounts")
    chains = data.get("chains", [])
    _kind(chains, list, "chains")
    for number, chain in enumerate(chains, 1):
        _chain(chain, f"chains[{number}]")
    advice = data.get("advice", [])
    _kind(advice, list, "advice")
    for number, item in enumerate(advice, 1):
        where = f"advice[{number}]"
        _kind(item, dict, where)
        for name in ("account", "field", "action", "value_key", "value"):
            _optional(item, name, str, f"{where}.{name}")
    personas = data.get("personas", {})
    _kind(personas, dict, "personas")
    for account, persona in personas.items():
        _kind(persona, str, f"personas[{account}]")
    fields = data.get("fields", {})
    _kind(fields, dict, "fields")
    for account, kept in fields.items():
        _kind(kept, dict, f"fields[{account}]")
        for name in _ONE_VALUE_FIELDS:
            _optional(kept, name, str, f"fields[{account}].{name}")
        for name in _LIST_FIELDS:
            if name in kept:
                _strings(kept[name], f"fields[{account}].{name}")
        for name in ("visibility", "unread"):
            _optional(kept, name, str, f"fields[{account}].{name}")
    return data


def _chain(chain: Any, where: str) -> None:
    _kind(chain, dict, where)
    for name in ("from", "to"):  # every chain has its two ends
        _kind(chain.get(name), str, f"{where}.{name}")
    for name in ("level", "at"):
        _optional(chain, name, str, f"{where}.{name}")
    bits = chain.get("bits")
    if bits is not None and not _is_number(bits):
        raise Unusable(f"{where}.bits")
    for name in ("chain", "unread_then"):
        if name in chain:
            _strings(chain[name], f"{where}.{name}")
    steps = chain.get("steps", [])
    _kind(steps, list, f"{where}.steps")
    for number, step in enumerate(steps, 1):
        _kind(step, dict, f"{where}.steps[{number}]")
        _strings(step.get("evidence", []), f"{where}.steps[{number}].evidence")


def _kind(value: Any, kind: type, where: str) -> None:
    if not isinstance(value, kind):
        raise Unusable(where)


def _optional(data: dict[str, Any], name: str, kind: type, where: str) -> None:
    """``data[name]`` is of ``kind`` or null, when it is there."""
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        raise Unusable(where)


def _strings(value: Any, where: str) -> None:
    _kind(value, list, where)
    if not all(isinstance(item, str) for item in value):
        raise Unusable(where)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def unreadable_line(unreadable: list[Unreadable]) -> str:
    """One line saying which kept audits were left out, why, and what to do."""
    newer = all(u.reason != DAMAGED for u in unreadable)
    do = "update linkage, or delete" if newer else "delete"
    if len(unreadable) == 1:
        why = NEWER if newer else DAMAGED
        what = f"The past audit {unreadable[0].path} could not be read ({why}), so it was left out"
        files = "that file"
    else:
        why = "a newer version of linkage wrote them" if newer else "they are damaged"
        names = ", ".join(u.path.name for u in unreadable)
        what = (
            f"{len(unreadable)} past audits in {unreadable[0].path.parent} could not be read "
            f"({why}), so they were left out: {names}"
        )
        files = "those files"
    return f"{what}. {do.capitalize()} {files}, or run 'linkage forget --all' to delete every past audit."
