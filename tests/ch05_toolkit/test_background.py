"""Background tasks: sync ones off the loop, in order, and only after the response is complete."""

from __future__ import annotations

import asyncio
import functools
import threading
from typing import Any

import pytest
import requests

from chapters.ch04_asgi import Server
from chapters.ch05_toolkit.background import BackgroundTask, BackgroundTasks
from chapters.ch05_toolkit.concurrency import iterate_in_threadpool, run_in_threadpool
from chapters.ch05_toolkit.responses import PlainTextResponse, StreamingResponse
from chapters.ch05_toolkit.testclient import TestClient
from chapters.ch05_toolkit.types import Message
from chapters.support import serve_in_background


def test_sync_tasks_run_in_a_worker_thread_async_ones_on_the_loop() -> None:
    seen: list[tuple[str, Any]] = []

    def sync(value: int, *, key: str) -> None:
        seen.append(("sync", (value, key, threading.current_thread() is threading.main_thread())))

    async def coro(value: int) -> None:
        seen.append(("async", (value, threading.current_thread() is threading.main_thread())))

    class Callable:
        async def __call__(self) -> None:
            seen.append(("object", None))

    tasks = BackgroundTasks([BackgroundTask(sync, 1, key="k")])
    tasks.add_task(coro, 2)
    tasks.add_task(functools.partial(coro, 3))
    tasks.add_task(Callable())
    asyncio.run(tasks())
    assert seen == [
        ("sync", (1, "k", False)),
        ("async", (2, True)),
        ("async", (3, True)),
        ("object", None),
    ]


def test_a_failing_task_stops_the_ones_after_it() -> None:
    ran: list[int] = []
    tasks = BackgroundTasks()
    tasks.add_task(ran.append, 1)
    tasks.add_task(lambda: 1 / 0)
    tasks.add_task(ran.append, 3)
    with pytest.raises(ZeroDivisionError):
        asyncio.run(tasks())
    assert ran == [1]


@pytest.mark.parametrize(
    "make",
    [
        lambda task: PlainTextResponse("done", background=task),
        lambda task: StreamingResponse(iter([b"a", b"b"]), background=task),
    ],
)
def test_the_task_runs_after_the_last_body_message(make: Any) -> None:
    events: list[str] = []

    async def receive() -> Message:
        await asyncio.sleep(10)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        events.append(message["type"] + ("+more" if message.get("more_body") else ""))

    asyncio.run(
        make(BackgroundTask(events.append, "task"))(
            {"type": "http", "method": "GET"}, receive, send
        )
    )
    assert events[-2:] == ["http.response.body", "task"]


def test_the_client_has_the_response_before_the_task_finishes_over_a_real_server() -> None:
    release, finished = threading.Event(), threading.Event()

    def slow_task() -> None:  # still running until the test has its response
        release.wait(5)
        finished.set()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await PlainTextResponse("ok", background=BackgroundTask(slow_task))(scope, receive, send)

    with serve_in_background(Server(app, "127.0.0.1", 0, access_log=False)) as server:
        response = requests.get(f"http://127.0.0.1:{server.port}/", timeout=5)
        assert response.text == "ok" and not finished.is_set()
        release.set()
        assert finished.wait(5)


def test_testclient_returns_after_background_tasks_like_starlette() -> None:
    ran: list[str] = []
    response = TestClient(PlainTextResponse("x", background=BackgroundTask(ran.append, "t"))).get(
        "/"
    )
    assert response.text == "x" and ran == ["t"]


def test_concurrency_helpers() -> None:
    def blocking(a: int, b: int = 0) -> tuple[int, bool]:
        return a + b, threading.current_thread() is threading.main_thread()

    async def scenario() -> tuple[Any, list[int]]:
        return await run_in_threadpool(blocking, 1, b=2), [
            x async for x in iterate_in_threadpool(iter([1, 2, 3]))
        ]

    assert asyncio.run(scenario()) == ((3, False), [1, 2, 3])
