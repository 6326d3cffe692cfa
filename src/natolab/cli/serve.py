"""``natolab serve``: the dashboard and the JSON API on this machine (127.0.0.1 by default)."""

from __future__ import annotations

import typer

from natolab.errors import InputError


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: loopback)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    open_browser: bool = typer.Option(False, "--open", help="Open the dashboard in a browser."),
) -> None:
    """Start the web dashboard and the JSON API (/api/v1, schema at /openapi.json, docs at /docs)."""
    import socket

    import uvicorn

    from natolab.store import Store
    from natolab.web.app import create_app

    Store.open()  # build or refresh the store before the first request, not during it
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"--host/--port: cannot listen on {host}:{port}: {exc.strerror}"
            ) from exc
    url = f"http://{host}:{port}/"
    typer.echo(f"natolab dashboard: {url}  (Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
