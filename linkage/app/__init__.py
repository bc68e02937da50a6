"""``linkage app``: the local web interface, for people who would rather not write TOML.

- :mod:`linkage.app.store`: the accounts list, saved as the same TOML file the command line
  reads (``linkage audit FILE``), and the uploaded data exports (no web framework needed, so
  ``linkage init`` shares it).
- :mod:`linkage.app.jobs`: one audit at a time on a worker thread, its progress kept for the
  page to poll, its outputs (reports, PDF, JSON) written where the page can download them.
- :mod:`linkage.app.server`: the Starlette application and its guards (127.0.0.1 only, a
  secret token, Host and Origin checks, a restrictive Content-Security-Policy).
- :mod:`linkage.app.serving`: the app on its own socket under uvicorn, and ``serve``, which
  runs it until Ctrl-C and opens its secret address.
"""
