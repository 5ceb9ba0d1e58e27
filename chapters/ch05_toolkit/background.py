"""Background tasks: work that runs after the response has been sent.

Why: sending a confirmation e-mail should not delay the "201 Created" the client waits for.
A response carries a ``background`` task and runs it once its last body message is sent
(see ``Response.__call__``), on the same request task — so the server still counts the
request as in flight and graceful shutdown waits for it. Same API as
``starlette.background``: ``BackgroundTask(func, *args, **kwargs)``, and
``BackgroundTasks`` to queue several with ``add_task``; sync functions run in a worker thread
so they cannot block the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

from chapters.ch05_toolkit.concurrency import is_async_callable, run_in_threadpool

__all__ = ["BackgroundTask", "BackgroundTasks"]

P = ParamSpec("P")


class BackgroundTask:
    """One call to make later: ``await task()`` runs ``func(*args, **kwargs)``."""

    def __init__(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.is_async = is_async_callable(func)  # decided once, not per call

    async def __call__(self) -> None:
        if self.is_async:
            await self.func(*self.args, **self.kwargs)
        else:
            await run_in_threadpool(self.func, *self.args, **self.kwargs)


class BackgroundTasks(BackgroundTask):
    """Several tasks, run one after another in the order they were added.

    A subclass of :class:`BackgroundTask` so that a response's ``background=`` accepts either.
    If a task raises, the ones after it do not run (as in Starlette).
    """

    def __init__(self, tasks: Sequence[BackgroundTask] | None = None) -> None:
        self.tasks = list(tasks or [])

    def add_task(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.tasks.append(BackgroundTask(func, *args, **kwargs))

    async def __call__(self) -> None:
        for task in self.tasks:
            await task()
