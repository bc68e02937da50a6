"""One loader per site-list format; each turns a parsed JSON document into a SiteList.

Every loader exposes ``NAME``, ``looks_like(data) -> bool`` (format detection from the file's
shape) and ``load(data) -> SiteList``. Entries that cannot be used are reported in
``SiteList.broken`` with the reason, never raised.
"""
