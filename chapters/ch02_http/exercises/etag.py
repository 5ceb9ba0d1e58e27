"""Exercise 2: ``ETag`` and ``If-None-Match`` on the chapter's static files (RFC 9110 §13.1.2)."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from chapters.ch02_http.exercises.harness import curl, fetch, first_call, serving, untouched
from chapters.ch02_http.static import StaticFiles
from chapters.support.exercises import Result, expect, not_attempted, passed

# entity-tag = [ weak ] opaque-tag; weak = %s"W/"; opaque-tag = DQUOTE *etagc DQUOTE
# etagc = %x21 / %x23-7E / obs-text                                      (RFC 9110 §8.8.3)
ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')

FILE = "/files/a.txt"


def check_etag_static_files(static_class: type | None) -> Result:
    """Exercise 2: ``static_class(directory, prefix)`` serves files with an ``ETag`` and
    answers ``304 Not Modified`` when ``If-None-Match`` matches it (RFC 9110 §13.1.2)."""
    title = "Exercise 2, ETag and If-None-Match"
    if untouched(static_class, StaticFiles):
        return not_attempted(title)
    assert static_class is not None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "a.txt")
        path.write_bytes(b"first version\n")
        handler = first_call(
            lambda: static_class(directory, "/files/"),
            FILE,
            f"{static_class.__name__}(directory, '/files/') and a GET /files/a.txt",
        )
        if handler is None:
            return not_attempted(title)
        with serving(handler) as base:
            etag = _etag_is_sent(base)
            _if_none_match_gives_304(base, etag)
            _weak_comparison(base, etag)
            _changed_file_gets_a_new_etag(base, etag, path)
            _missing_file_is_still_404(base)
    return passed(title)


def _etag_is_sent(base: str) -> str:
    response, reproduce = fetch(base, "GET", FILE)
    expect(
        response.status_code == 200 and response.content == b"first version\n",
        f"GET /files/a.txt answered {response.status_code}, expected 200 and the file." + reproduce,
    )
    etag = response.headers.get("etag")
    expect(etag is not None, "GET /files/a.txt has no ETag header." + reproduce)
    assert etag is not None
    expect(
        ENTITY_TAG.fullmatch(etag) is not None,
        f"ETag: {etag} is not an entity-tag: it goes between double quotes, like "
        '"5f3a-1c" (or W/"5f3a-1c" for a weak one), RFC 9110 §8.8.3.' + reproduce,
    )
    again = fetch(base, "GET", FILE)[0].headers.get("etag")
    expect(
        again == etag,
        f"two GETs of the same unchanged file got different ETags ({etag} then {again}): derive it "
        "from the file (its size and modification time, or a hash of its bytes), not from the clock "
        "or a counter." + reproduce,
    )
    return etag


def _if_none_match_gives_304(base: str, etag: str) -> None:
    for method in ("GET", "HEAD"):
        for value in (etag, f'"not-this-one", {etag}', "*"):
            _not_modified(base, method, value, etag)
    value = '"not-this-one"'
    response, reproduce = fetch(base, "GET", FILE, {"If-None-Match": value})
    expect(
        response.status_code == 200 and response.content == b"first version\n",
        f"GET /files/a.txt with If-None-Match: {value} answered {response.status_code}: "
        "an ETag that does not match means the client's copy is stale, so send the file (200)."
        + reproduce,
    )


def _not_modified(base: str, method: str, value: str, etag: str) -> None:
    """``method`` with ``If-None-Match: value`` gets a bodiless 304 that repeats ``etag``."""
    response, reproduce = fetch(base, method, FILE, {"If-None-Match": value})
    hint = " (If-None-Match may list several tags, separated by commas)" if "," in value else ""
    hint = ' ("*" matches any current version of the file)' if value == "*" else hint
    expect(
        response.status_code == 304,
        f"{method} /files/a.txt with If-None-Match: {value} answered "
        f"{response.status_code}, expected 304 Not Modified{hint}." + reproduce,
    )
    expect(
        response.content == b"",
        f"the 304 for {method} /files/a.txt has a body ({response.content[:30]!r}...): a 304 "
        "never has one." + reproduce,
    )
    expect(
        response.headers.get("etag") == etag,
        f"the 304 for {method} /files/a.txt has ETag {response.headers.get('etag')!r}: "
        f"send the same ETag as the 200 ({etag}), RFC 9110 §15.4.5." + reproduce,
    )


def _weak_comparison(base: str, etag: str) -> None:
    other = etag[2:] if etag.startswith("W/") else "W/" + etag
    response, reproduce = fetch(base, "GET", FILE, {"If-None-Match": other})
    expect(
        response.status_code == 304,
        f"GET /files/a.txt with If-None-Match: {other} answered {response.status_code} although the "
        f"file's ETag is {etag}: If-None-Match uses the weak comparison (RFC 9110 §8.8.3.2), where "
        'W/"x" and "x" match. Drop a leading W/ from both sides before comparing.' + reproduce,
    )


def _changed_file_gets_a_new_etag(base: str, etag: str, path: Path) -> None:
    path.write_bytes(b"second version, longer\n")
    later = time.time() + 10
    os.utime(path, (later, later))  # a new size, a new time and new bytes: any good ETag changes
    response, reproduce = fetch(base, "GET", FILE, {"If-None-Match": etag})
    expect(
        response.status_code == 200 and response.content == b"second version, longer\n",
        f"after the file changed, GET /files/a.txt with the old ETag ({etag}) answered "
        f"{response.status_code}: the client would keep a stale copy. The ETag must change when "
        "the file does." + reproduce,
    )
    new_etag = response.headers.get("etag")
    expect(
        new_etag is not None and new_etag != etag,
        f"after the file changed its ETag is still {new_etag}." + curl("GET", FILE),
    )


def _missing_file_is_still_404(base: str) -> None:
    response, reproduce = fetch(base, "GET", "/files/missing.txt", {"If-None-Match": "*"})
    expect(
        response.status_code == 404,
        f"GET /files/missing.txt with If-None-Match: * answered {response.status_code}, expected "
        '404: "*" matches only when the file exists, so check the condition on a 200 response.'
        + reproduce,
    )
