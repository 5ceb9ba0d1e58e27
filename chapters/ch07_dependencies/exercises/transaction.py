"""Exercise 3 (stretching): a transaction dependency that audits every request, even failed ones.

The check reads the outcome from the sqlite file itself, with a connection of its own, after
each request: what was committed is there, what was rolled back is not.
"""

# No ``from __future__ import annotations``: the endpoints below declare a ``Depends`` that the
# framework reads at registration, and plain annotations keep that obvious.
import inspect
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any

from chapters.ch07_dependencies import Depends, FastAPI, FastAPIError, HTTPException, TestClient
from chapters.support.exercises import (
    ExerciseFailed,
    NotAttempted,
    Result,
    expect,
    guarded,
    is_placeholder,
    json_of,
    not_attempted,
    passed,
    sent,
    with_reproducer,
)

TITLE = "Exercise 3, transaction"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, method TEXT NOT NULL, path TEXT NOT NULL, outcome TEXT NOT NULL
);
"""


class TrackedConnection(sqlite3.Connection):
    """A sqlite connection that remembers whether it was closed (the check asks)."""

    closed = False

    def close(self) -> None:
        self.closed = True
        super().close()


class Ledger:
    """A sqlite file with two tables: ``entries``, written by the endpoints, and ``audit``
    (``id``, ``method``, ``path``, ``outcome``), written by your ``transaction``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.opened: list[TrackedConnection] = []
        with closing(sqlite3.connect(self.path)) as connection:
            connection.executescript(SCHEMA)

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r})"

    def connect(self) -> sqlite3.Connection:
        """A new connection; usable from the worker threads a sync generator runs in."""
        connection = sqlite3.connect(self.path, check_same_thread=False, factory=TrackedConnection)
        self.opened.append(connection)
        return connection

    def read(self, query: str) -> list[Any]:
        """What the file holds, read with a connection of the check's own."""
        with closing(sqlite3.connect(self.path)) as connection:
            return [row if len(row) > 1 else row[0] for row in connection.execute(query)]


def get_ledger() -> Ledger:
    """The ledger the app writes to. Tests (and the check) override it with a temporary file."""
    raise RuntimeError(
        "no ledger configured: app.dependency_overrides[get_ledger] = lambda: Ledger(path)"
    )


# (method, url, the status or the exception expected, the entries then in the file, the audit
# row this request adds, a hint when the entries differ)
STEPS: list[tuple[str, str, int | type[Exception], list[str], str, str]] = [
    (
        "POST",
        "/entries?text=milk",
        201,
        ["milk"],
        "committed",
        "the entry of a successful request must be committed: commit() after the yield",
    ),
    (
        "POST",
        "/entries?text=eggs&fail=http",
        409,
        ["milk"],
        "rolled back: 409",
        (
            "the endpoint raised HTTPException(409) after inserting 'eggs', so 'eggs' must be rolled "
            "back: call rollback() first, then write the audit row and commit() that alone"
        ),
    ),
    (
        "POST",
        "/entries?text=bread&fail=crash",
        ValueError,
        ["milk"],
        "rolled back: ValueError",
        "the endpoint crashed after inserting 'bread': roll back on any Exception",
    ),
    (
        "POST",
        "/entries?text=milk",
        sqlite3.IntegrityError,
        ["milk"],
        "rolled back: IntegrityError",
        "a duplicate entry fails in the database itself, and is rolled back like any failure",
    ),
    ("GET", "/entries", 200, ["milk"], "committed", "a read changes nothing"),
]


@with_reproducer
def check_audited_transaction(transaction: Callable[..., Any] | None) -> Result:
    """Exercise 3: ``transaction(request, ledger)`` yields a connection of the ledger; if the
    request succeeded it adds the audit row ``(method, path, "committed")`` and commits; if
    anything raised it rolls back, adds ``(method, path, "rolled back: <409 or ValueError>")``,
    commits that alone and raises again; it always closes the connection."""
    if is_placeholder(transaction):
        return not_attempted(TITLE)
    assert transaction is not None
    expect(
        inspect.isgeneratorfunction(transaction) or inspect.isasyncgenfunction(transaction),
        "transaction does not yield: write it as a generator (`yield connection`), so that its "
        "code after the yield runs when the endpoint is done, and sees its exception.",
    )
    with tempfile.TemporaryDirectory(prefix="ledger-") as folder:
        ledger = Ledger(Path(folder) / "ledger.db")
        try:
            app = guarded(lambda: _app(transaction), "registering it as a dependency")
            app.dependency_overrides[get_ledger] = lambda: ledger
            client = TestClient(app)
            audit: list[tuple[str, str, str]] = []
            for method, url, expected, entries, outcome, hint in STEPS:
                _check_answer(client, method, url, expected)
                _check_file(ledger, f"{method} {url}", expected, entries, hint)
                audit.append((method, url.partition("?")[0], outcome))
                _check_audit(ledger, f"{method} {url}", audit)
        except NotAttempted:
            return not_attempted(TITLE)
        finally:
            for connection in ledger.opened:
                connection.close()  # so that the folder can be removed, whatever happened
    return passed(TITLE)


def _app(transaction: Callable[..., Any]) -> FastAPI:
    """Two endpoints writing and reading ``entries`` through the reader's transaction.

    ``scope="function"``: the transaction ends before the response is sent, so a client
    never gets a 201 for something that was not committed (the demo's ``get_db`` does the same).
    """
    app = FastAPI()
    connection = Annotated[sqlite3.Connection, Depends(transaction, scope="function")]

    @app.post("/entries", status_code=201)
    def add_entry(text: str, db: connection, fail: str | None = None) -> dict[str, str]:
        db.execute("INSERT INTO entries (text) VALUES (?)", (text,))
        if fail == "http":
            raise HTTPException(409, "refused after writing")
        if fail == "crash":
            raise ValueError("the endpoint crashed after writing")
        return {"added": text}

    @app.get("/entries")
    def list_entries(db: connection) -> list[str]:
        return [row[0] for row in db.execute("SELECT text FROM entries ORDER BY id")]

    return app


def _check_answer(
    client: TestClient, method: str, url: str, expected: int | type[Exception]
) -> None:
    """The status expected, or the endpoint's exception, re-raised by the transaction."""
    shown = f"{method} {url}"
    try:
        response, raised = sent(client, method, url), None
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:  # noqa: BLE001  # the app's exception, re-raised by the TestClient
        response, raised = None, error
    if isinstance(raised, FastAPIError):
        raise ExerciseFailed(
            f"{shown} raised {raised!r}: end your `except` block with `raise`, so that the "
            "framework can answer."
        )
    if isinstance(expected, int):
        expect(
            raised is None,
            f"{shown} raised {raised!r}, expected the answer {expected}.",
        )
        assert response is not None
        expect(
            response.status_code == expected,
            f"{shown} answered {response.status_code} {response.text!r}, expected {expected}"
            + (": raise the exception again after rolling back." if expected == 409 else "."),
        )
        return
    expect(
        isinstance(raised, expected),
        f"{shown}: the endpoint raised {expected.__name__}, and the request should fail with it "
        f"(a 500), but it "
        + (f"raised {raised!r}" if raised is not None else f"answered {_answer(response)}")
        + ": after rolling back, `raise` it again.",
    )


def _answer(response: Any) -> str:
    return f"{response.status_code} {json_of(response) or response.text!r}"


def _check_file(
    ledger: Ledger, shown: str, expected: int | type[Exception], entries: list[str], hint: str
) -> None:
    expect(
        bool(ledger.opened),
        f"after {shown}, your transaction had not opened a connection: take the ledger from "
        "Depends(get_ledger) (the check overrides it with a temporary file) and call "
        "ledger.connect().",
    )
    still_open = [connection for connection in ledger.opened if not connection.closed]
    expect(
        not still_open,
        f"after {shown}, a connection is still open: close it in a `finally:` block, so that "
        "it is closed whatever happened.",
    )
    stored = ledger.read("SELECT text FROM entries ORDER BY id")
    expect(
        stored == entries,
        f"after {shown}, the file holds the entries {stored}, expected {entries}: {hint}.",
    )


def _check_audit(ledger: Ledger, shown: str, expected: list[tuple[str, str, str]]) -> None:
    stored = ledger.read("SELECT method, path, outcome FROM audit ORDER BY id")
    latest = expected[-1]
    if len(stored) == len(expected) - 1 and stored == expected[:-1]:
        how = (
            "insert it before commit()"
            if latest[2] == "committed"
            else "after rollback(), insert it and commit() it, then raise"
        )
        raise ExerciseFailed(f"after {shown}, the audit table has no row {latest}: {how}.")
    expect(
        stored == expected,
        f"after {shown}, the audit table holds {stored}, expected {expected}: one row per "
        "request, (request.method, request.url.path, outcome), outcome being 'committed', "
        "'rolled back: <status>' for an HTTPException, 'rolled back: <exception class name>' "
        "otherwise.",
    )
