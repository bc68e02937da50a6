"""The HTTP client of a run with a cache folder, noting which addresses each account's
collection read, so that ``linkage forget`` can later delete exactly those saved answers (see
:mod:`linkage.store`), and which of its answers came from the cache without asking the site,
saved when (so that a run can say what it did not read afresh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collectors.base import CollectContext
    from collectors.http import HttpClient
    from linkage.pipeline import AuditOptions
    from linkage.records import Profile
    from linkage.store import AddressBook


class NotingClient:
    """The run's :class:`~collectors.http.HttpClient`, noting in an
    :class:`~linkage.store.AddressBook` the logical address of every answer read (each
    redirect hop included) for the account being collected in the calling thread. Everything
    else is the wrapped client's."""

    def __init__(self, client: HttpClient, book: AddressBook) -> None:
        self._client = client
        self.book = book

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._client, name)

    def get(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        from collectors.http import HttpClient

        return HttpClient.get(self, url, **kwargs)  # type: ignore[arg-type]

    def get_json(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        response = self.get(url, **kwargs)
        return response, response.json()

    def for_discovered(self) -> NotingClient:
        """The guarded client for discovered accounts, still noting what it reads."""
        return NotingClient(self._client.for_discovered(), self.book)

    def refreshing(self) -> NotingClient:
        """The client asking the sites again for every answer, still noting what it reads."""
        return NotingClient(self._client.refreshing(), self.book)

    def _get_once(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        from collectors.cache_admin import logical

        self.book.note(logical(url))
        response = self._client._get_once(url, **kwargs)
        self.book.note_saved(response.saved_at)
        return response


def record_addresses(ctx: CollectContext, options: AuditOptions, profiles: list[Profile]) -> None:
    """Add what was noted to the cache folder's account index (see :mod:`linkage.store`)."""
    if isinstance(ctx.http, NotingClient) and options.http.cache_dir is not None:
        from linkage.store import record_collection

        record_collection(options.http.cache_dir, ctx.http.book, profiles)


def collection_context(http: HttpClient, options: AuditOptions) -> CollectContext:
    """The collectors' context for a run: its client noting what it reads when the run has a
    cache folder, and the run's limits."""
    if options.http.cache_dir is not None:
        from linkage.store import AddressBook

        http = NotingClient(http, AddressBook())
    from collectors.base import CollectContext, Limits

    ctx = CollectContext(http=http, limits=Limits(options.max_posts, options.max_words))
    if options.env is not None:
        ctx.env = options.env
    return ctx
