"""One loader per site-list format; each turns a parsed JSON document into a SiteList.

Every loader exposes ``NAME``, ``looks_like(data) -> bool`` (format detection from the file's
shape), ``is_adult(entry) -> bool`` (the format's own mark of an adult site) and
``load(data, adult=True) -> SiteList`` (``adult=False`` leaves adult sites out, counted in
``SiteList.adult``). Entries that cannot be used are reported in
``SiteList.broken`` with the reason, never raised.
"""
