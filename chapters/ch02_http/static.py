"""Serving the files of one directory, and nothing outside it.

A static file server maps a URL path onto the file system, which is exactly where the
classic attacks aim: ``GET /../../etc/passwd``, the same percent-encoded
(``/%2e%2e/%2e%2e/etc/passwd``) so that a naive check on the raw target misses it, an
absolute path, a Windows drive or backslash, a symbolic link inside the directory that
points out of it. The defence is layered: decode first, refuse suspicious segments, then
resolve the real path (following symlinks) and check it is still inside the root.
"""

from __future__ import annotations

import html
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from chapters.ch02_http.messages import HTTPRequest, HTTPResponse

CHUNK_SIZE = 64 * 1024
#: How a file name that is not valid UTF-8 (Python gives it "surrogate escapes") is encoded:
#: back to its own bytes, so a link to it percent-encodes what is really on disk.
UNDECODED = "surrogateescape"


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The file ``url_path`` (raw, still percent-encoded) names under ``root``, or ``None``.

    >>> resolve_inside(Path("/srv/site"), "/docs/%2e%2e/%2e%2e/etc/passwd") is None
    True
    """
    try:
        decoded = unquote_to_bytes(url_path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    for segment in segments:
        # ".." climbs out; "\" and ":" are separators or drive letters on Windows; NUL ends
        # a C string early and has fooled file APIs before.
        if segment == ".." or "\\" in segment or ":" in segment or "\0" in segment:
            return None
    real_root = root.resolve()
    try:
        candidate = real_root.joinpath(*segments).resolve()  # follows symlinks
    except (OSError, RuntimeError):
        return None  # a symlink loop (RuntimeError before Python 3.13): nothing to serve
    if candidate != real_root and not candidate.is_relative_to(real_root):
        return None  # a symlink inside the directory that leads out of it
    return candidate


class StaticFiles:
    """A handler serving ``directory`` under ``prefix``: GET and HEAD, files and listings."""

    def __init__(self, directory: str | os.PathLike[str], prefix: str = "/files/") -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise NotADirectoryError(f"not a directory: {self.directory}")
        self.prefix = prefix

    def __call__(self, request: HTTPRequest) -> HTTPResponse:
        if request.method not in ("GET", "HEAD"):
            return HTTPResponse(status=405, headers=[(b"allow", b"GET, HEAD"), (b"content-length", b"0")])
        raw_path = request.target.partition("?")[0]
        path = resolve_inside(self.directory, raw_path.removeprefix(self.prefix.rstrip("/")))
        if path is None or not exists(path):
            return HTTPResponse.text("Not Found\n", status=404)
        if path.is_dir():
            if not raw_path.endswith("/"):
                # Relative links in the listing only work from ".../dir/", as http.server does.
                location = (raw_path + "/" + ("?" + request.query if request.query else "")).encode()
                return HTTPResponse(status=301, headers=[(b"location", location), (b"content-length", b"0")])
            index = path / "index.html"
            if not index.is_file():
                return self.listing(path, request.path)
            path = index
        return self.file(path, send_body=request.method == "GET")

    def file(self, path: Path, *, send_body: bool) -> HTTPResponse:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        headers = [
            (b"content-type", content_type.encode()),
            (b"content-length", str(path.stat().st_size).encode()),
        ]
        return HTTPResponse(headers=headers, body=read_chunks(path) if send_body else b"")

    def listing(self, directory: Path, url_path: str) -> HTTPResponse:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
        items = "".join(
            f'<li><a href="{quote(p.name + ("/" if p.is_dir() else ""), errors=UNDECODED)}">'
            f"{html.escape(displayable(p.name))}{'/' if p.is_dir() else ''}</a></li>\n"
            for p in entries
        )
        title = f"Index of {html.escape(url_path)}"
        page = f"<!doctype html>\n<title>{title}</title>\n<h1>{title}</h1>\n<ul>\n{items}</ul>\n"
        return HTTPResponse.html(page)


def displayable(name: str) -> str:
    """A file name as text, even when it is not valid UTF-8 on disk.

    Python hands such names over with "surrogate escapes" (``b"caf\\xe9"`` becomes
    ``"caf\\udce9"``), which can't be encoded into the page: one odd name would turn the
    whole listing into a 500. Show a replacement character instead, as ``ls`` shows ``?``.
    """
    return name.encode("utf-8", UNDECODED).decode("utf-8", "replace")


def exists(path: Path) -> bool:
    """``path.exists()``, except that a name the OS refuses (too long, say) is just missing.

    ``Path.exists()`` only swallows "no such file"-like errors; ``ENAMETOOLONG`` would
    escape, and a client could turn a 404 into a 500 with a long enough URL.
    """
    try:
        return path.exists()
    except OSError:
        return False


def read_chunks(path: Path) -> Iterator[bytes]:
    """Stream a file in chunks; closing the generator early closes the file too."""
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_SIZE):
            yield chunk
