"""Stack Exchange's API 2.3, as :mod:`collectors.stackexchange` calls it: one call at a time,
its wrapper checked and its errors in plain words, its pauses and daily quota honoured.

The API wraps every answer in ``{items, has_more, quota_max, quota_remaining, backoff,
error_id, error_name, error_message}``. A ``backoff`` (seconds) must be waited out before the
same method is called again; :func:`call` remembers it per HTTP client and waits through
``ctx.http.sleep``. ``about_me`` is not in the default filter: a filter that adds it is created
once per run through ``/filters/create`` (:func:`user_filter`, or given as
``STACKEXCHANGE_FILTER``). An app key in ``STACKEXCHANGE_KEY`` raises the daily quota from 300
to 10,000 requests; it is never written into a message.
"""

from __future__ import annotations

import html
import re
import threading
import time
import weakref
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from collectors.errors import (
    CollectError,
    NotFound,
    RateLimited,
    Refused,
)
from collectors.http.status_words import (
    server_fault,
    status_failure,
    unexpected,
    unreadable,
    with_detail,
)
from collectors.text import tidy

if TYPE_CHECKING:
    from collectors.base import CollectContext
    from collectors.http import HttpClient

API = "https://api.stackexchange.com/2.3"
#: What to do when a user is not found.
CHECK_NUMBER = "Check the number in the profile address (…/users/NUMBER/…) and the site."

_THROTTLE_SECONDS = re.compile(r"(\d+)\s*seconds?", re.I)


# --- the wrapper -------------------------------------------------------------------------


def check_wrapper(data: Any, what: str) -> dict[str, Any]:
    """The wrapper object, or the :class:`CollectError` its ``error_*`` fields describe."""
    if not isinstance(data, dict):
        raise unreadable("Stack Exchange", what)
    if data.get("error_id") is not None:
        raise wrapper_error(data, what)
    if not isinstance(data.get("items"), list):
        raise unreadable("Stack Exchange", what)
    return data


def wrapper_error(data: dict[str, Any], what: str) -> CollectError:
    error_id = data.get("error_id")
    name = str(data.get("error_name") or "error")
    message = tidy(html.unescape(str(data.get("error_message") or "")))[:300]
    detail = f"{name}: {message}" if message else name
    if error_id == 502 or name == "throttle_violation":
        match = _THROTTLE_SECONDS.search(message)
        retry_at = None
        if match:
            retry_at = datetime.now(UTC) + timedelta(seconds=min(int(match.group(1)), 10**7))
        return RateLimited(
            with_detail(
                "Stack Exchange says linkage has sent too many requests from this network "
                "address for now; an app key in STACKEXCHANGE_KEY raises the limit.",
                detail,
            ),
            retry_at=retry_at,
        )
    if error_id == 400 and "site" in message.lower():
        return NotFound(
            with_detail(
                f"Stack Exchange does not know the site in {what}. Check the site in the handle.",
                detail,
            )
        )
    if error_id == 400:
        return NotFound(
            with_detail(
                f"Stack Exchange could not make sense of the request for {what}. Check the site "
                "and the user number in the handle.",
                detail,
            )
        )
    if error_id in (401, 402, 403, 405, 406):
        return Refused(
            with_detail(
                f"Stack Exchange refused to answer for {what}. If STACKEXCHANGE_KEY is set, "
                "check the key.",
                detail,
            )
        )
    if error_id in (500, 503):
        return server_fault("Stack Exchange", error_id, what, detail=detail)
    return unexpected("Stack Exchange", error_id or 0, what, detail=detail)


# --- calling -----------------------------------------------------------------------------


class _ApiState:
    """Per HTTP client (one run): when each method may be called again, quota, filter."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.not_before: dict[str, float] = {}
        self.quota_out = False
        self.quota_max: int | None = None
        self.user_filter: str | None = None


_STATES: weakref.WeakKeyDictionary[HttpClient, _ApiState] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def _state(http: HttpClient) -> _ApiState:
    with _STATES_LOCK:
        return _STATES.setdefault(http, _ApiState())


def call(
    ctx: CollectContext, path: str, params: dict[str, Any], *, method: str, what: str
) -> dict[str, Any]:
    """One API call: waits out an earlier ``backoff``, checks the wrapper, records quota."""
    state = _state(ctx.http)
    if state.quota_out:
        allowance = f" of {state.quota_max} requests" if state.quota_max else ""
        raise RateLimited(
            f"Stack Exchange's daily allowance{allowance} for this network address is used "
            "up. Try again tomorrow, or set STACKEXCHANGE_KEY to an app key (10,000 a day)."
        )
    with state.lock:
        wait = state.not_before.get(method, 0.0) - time.monotonic()
    if wait > 0:
        if wait > ctx.http.config.max_wait:
            raise RateLimited(
                f"Stack Exchange asked linkage to pause for {wait:.0f} s before asking again, "
                "longer than linkage waits.",
                retry_at=datetime.now(UTC) + timedelta(seconds=wait),
            )
        ctx.http.sleep(wait)
    params = dict(params)
    key = (ctx.env.get("STACKEXCHANGE_KEY") or "").strip()
    if key:
        params["key"] = key
    try:
        response = ctx.http.get(API + path, params=params)
        looks_json = response.content.lstrip()[:1] in (b"{", b"[")
        if response.status != 200 and not looks_json:
            raise status_failure(
                "Stack Exchange",
                response.status,
                what,
                refused_help="If STACKEXCHANGE_KEY is set, check the key.",
                missing_help=CHECK_NUMBER,
            )
        data = response.json()
    except CollectError as exc:
        if key:  # messages name the address, which carries the key: never write it down
            exc.message = exc.message.replace(quote(key, safe=""), "KEY").replace(key, "KEY")
            exc.args = (exc.message,)
        raise
    if isinstance(data, dict):
        _note_limits(state, data, method)
    return check_wrapper(data, what)


def _note_limits(state: _ApiState, data: dict[str, Any], method: str) -> None:
    backoff = data.get("backoff")
    with state.lock:
        if isinstance(backoff, int | float) and not isinstance(backoff, bool) and backoff > 0:
            state.not_before[method] = time.monotonic() + min(float(backoff), 86_400.0)
        quota_max = data.get("quota_max")
        if isinstance(quota_max, int):
            state.quota_max = quota_max
        remaining = data.get("quota_remaining")
        if isinstance(remaining, int) and not isinstance(remaining, bool) and remaining <= 0:
            state.quota_out = True


def user_filter(ctx: CollectContext) -> tuple[str, str | None]:
    """A filter id that adds ``user.about_me``; ``("default", reason)`` if none is available."""
    given = (ctx.env.get("STACKEXCHANGE_FILTER") or "").strip()
    if given:
        return given, None
    state = _state(ctx.http)
    if state.user_filter:
        return state.user_filter, None
    try:
        data = call(
            ctx,
            "/filters/create",
            {"include": "user.about_me", "base": "default", "unsafe": "false"},
            method="/filters/create",
            what="the profile-text filter",
        )
    except RateLimited:
        raise
    except CollectError as exc:
        return "default", f"the profile text could not be requested ({exc.message})"
    items = data["items"]
    made = items[0].get("filter") if items and isinstance(items[0], dict) else None
    if not isinstance(made, str) or not made.strip():
        return "default", "the profile text could not be requested (no filter was made)"
    state.user_filter = made.strip()
    return state.user_filter, None
