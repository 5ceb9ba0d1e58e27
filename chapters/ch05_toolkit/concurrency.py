"""Running blocking code from async code without blocking the event loop.

Why: an ASGI server runs every request on one event loop thread. A sync endpoint, a sync
background task or a sync iterator given to ``StreamingResponse`` would freeze every other
request while it runs, so we hand it to a worker thread and await the result. Starlette does
this with anyio's thread pool (``starlette.concurrency.run_in_threadpool``); we use the
standard library's ``asyncio.to_thread``, which also copies the ``contextvars`` context into
the thread, as Starlette's version does.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


async def run_in_threadpool(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``func(*args, **kwargs)`` in a worker thread and return its result.

    Same name and signature as ``starlette.concurrency.run_in_threadpool``.
    """
    return await asyncio.to_thread(functools.partial(func, *args, **kwargs))


class _Exhausted(Exception):
    """Raised in place of ``StopIteration``, which cannot cross a ``Future`` (PEP 479)."""


def _next(iterator: Iterator[T]) -> T:
    try:
        return next(iterator)
    except StopIteration:
        raise _Exhausted from None


async def iterate_in_threadpool(iterator: Iterable[T]) -> AsyncIterator[T]:
    """Turn a blocking iterable into an async iterator, one ``next()`` per worker-thread hop.

    Mirrors ``starlette.concurrency.iterate_in_threadpool``: each item may take as long as it
    likes to produce (a file read, a slow generator) without stalling the event loop.
    """
    as_iterator = iter(iterator)
    while True:
        try:
            yield await asyncio.to_thread(_next, as_iterator)
        except _Exhausted:
            break


def is_async_callable(obj: object) -> bool:
    """Does calling ``obj`` return an awaitable? Sees through ``functools.partial`` and
    objects with an ``async def __call__`` (as Starlette's ``is_async_callable`` does)."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    if inspect.iscoroutinefunction(obj):
        return True
    return callable(obj) and inspect.iscoroutinefunction(type(obj).__call__)


async def first_completed(*coroutines: Awaitable[None]) -> None:
    """Run the coroutines concurrently until one finishes, then cancel the others.

    A streaming response runs "send the body" against "wait for ``http.disconnect``" this way
    (Starlette uses an anyio task group). If the first to finish raised, that is re-raised.
    """
    tasks = [asyncio.ensure_future(coroutine) for coroutine in coroutines]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        task.result()
