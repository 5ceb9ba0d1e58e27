"""The chat page in a real browser: two tabs of headless Chromium talk through our server.

Chromium (driven over the DevTools protocol by chapter 08's ``browser.py``, offline) loads
``GET /`` from chapter 10's server, joins a room from the page's form, and a ``websockets``
client in the same room says something: the page must show the join and the message, then
send a line of its own that the client receives, and report no error.
"""

from __future__ import annotations

import asyncio
import json
import shutil

import pytest
from websockets.asyncio.client import connect

from chapters.ch10_websockets import Server, create_app
from chapters.support import serve_in_background
from tests.ch08_openapi.browser import Chromium
from tests.ch10_websockets.serving import TIMEOUT, run

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="needs Debian's chromium on PATH (.ci/run installs it where it can run apt-get)",
)

LOG = "[...document.querySelectorAll('#log li')].map(item => item.textContent)"


def test_the_page_joins_a_room_and_chats_with_a_client() -> None:
    with (
        serve_in_background(Server(create_app(), "127.0.0.1", 0, access_log=False)) as server,
        Chromium() as browser,
    ):
        base = f"127.0.0.1:{server.port}"
        visit = browser.open(f"http://{base}/", until="document.readyState === 'complete'")
        browser.evaluate(
            "document.getElementById('name').value = 'web';"
            "document.getElementById('join').requestSubmit()"
        )
        browser.wait_for("!document.getElementById('text').disabled", TIMEOUT)

        async def client() -> str:
            async with connect(f"ws://{base}/ws/lobby?name=bot") as bot:
                await asyncio.wait_for(bot.recv(), TIMEOUT)  # its own join
                await bot.send("hello <b>web</b>")
                await asyncio.to_thread(
                    browser.wait_for, f"{LOG}.includes('bot: hello <b>web</b>')", TIMEOUT
                )
                await asyncio.to_thread(
                    browser.evaluate,
                    "document.getElementById('text').value = 'hi bot';"
                    "document.getElementById('say').requestSubmit()",
                )
                while (message := json.loads(await asyncio.wait_for(bot.recv(), TIMEOUT)))[
                    "type"
                ] != "message" or message["name"] != "web":
                    pass
                return message["text"]

        assert run(client()) == "hi bot"
        shown = browser.evaluate(LOG)
        assert shown[:3] == [
            "web joins (web)",
            "bot joins (bot, web)",
            "bot: hello <b>web</b>",  # shown as text, not as markup
        ]
        assert browser.evaluate("document.querySelectorAll('#log b').length") == 0
        assert (
            browser.evaluate("document.getElementById('status').textContent") == "in lobby as web"
        )
        assert visit.problems == []
        assert all(url.startswith(f"http://{base}/") for url in visit.requested if "://" in url)
