"""``serve``: one fixture, two servers. Tests that take it run on ours and on uvicorn."""

from __future__ import annotations

import pytest

from tests.ch04_asgi.servers import SERVERS, ServeFn


@pytest.fixture(params=list(SERVERS), ids=list(SERVERS))
def serve(request: pytest.FixtureRequest) -> ServeFn:
    """``with serve(app, **options) as server:`` runs ``app`` on the parametrized server."""
    return SERVERS[request.param]
