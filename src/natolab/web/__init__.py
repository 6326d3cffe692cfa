"""The web face of natolab: a dashboard (Jinja2 + htmx pages) and a JSON API under ``/api/v1``.

Both are thin layers over the Python API and share :mod:`natolab.serialise` with the CLI.
``natolab serve`` starts it on 127.0.0.1; every asset is served by natolab itself (no CDN).
"""
