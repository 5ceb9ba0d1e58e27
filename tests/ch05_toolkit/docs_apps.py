"""Small applications in the style of Starlette's documentation, written for Starlette.

This file is the proof of "Starlette code runs with only its imports changed":
``test_applications.load_apps`` executes it twice — once as it is, once with every
``from starlette... import`` line pointed at ``chapters.ch05_toolkit`` — and the two sets of
apps must answer every request identically. Nothing below the imports may know which
toolkit it runs on.
"""

import contextlib

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    StreamingResponse,
)
from starlette.routing import Mount, Route

# -- docs/index.md: hello ----------------------------------------------------------------------


async def homepage(request):
    return JSONResponse({"hello": "world"})


hello_app = Starlette(debug=True, routes=[Route("/", homepage)])

# -- docs/routing.md: path parameters, methods, mounts, url_for ---------------------------------


async def users(request):
    if request.method == "POST":
        return JSONResponse(await request.json(), status_code=201)
    return JSONResponse({"users": ["tom", "lisa"], "me": str(request.url_for("users:user_me"))})


async def user_me(request):
    return PlainTextResponse("Hello, me!")


async def user(request):
    username = request.path_params["username"]
    return PlainTextResponse(f"Hello, {username}!")


async def item(request):
    item_id = request.path_params["item_id"]
    return JSONResponse({"item_id": item_id, "double": item_id * 2, "query": dict(request.query_params)})


def legacy(request):  # a sync endpoint
    return RedirectResponse(url=request.url_for("item", item_id=1))


routing_app = Starlette(
    routes=[
        Route("/", homepage),
        Mount(
            "/users",
            name="users",
            routes=[
                Route("/", users, methods=["GET", "POST"]),
                Route("/me", user_me, name="user_me"),
                Route("/{username}", user),
            ],
        ),
        Route("/items/{item_id:int}", item),
        Route("/legacy", legacy),
    ]
)

# -- docs/exceptions.md: handlers by status code and for 500 -------------------------------------

HTML_404_PAGE = "<h1>Not here</h1>"
HTML_500_PAGE = "<h1>Broken</h1>"


async def not_found(request, exc):
    return HTMLResponse(content=HTML_404_PAGE, status_code=exc.status_code)


async def server_error(request, exc):
    return HTMLResponse(content=HTML_500_PAGE, status_code=500)


async def forbidden(request):
    raise HTTPException(status_code=403, detail="Nope")


async def teapot(request):
    raise HTTPException(status_code=418, headers={"X-Kind": "teapot"})


async def error(request):
    raise RuntimeError("Oops")


exceptions_app = Starlette(
    routes=[Route("/forbidden", forbidden), Route("/teapot", teapot), Route("/error", error)],
    exception_handlers={404: not_found, 500: server_error},
)

# -- docs/middleware.md: CORS and GZip --------------------------------------------------------


async def big(request):
    return PlainTextResponse("x" * 1000)


async def stream(request):
    async def numbers():
        for number in range(300):
            yield f"{number}\n"

    return StreamingResponse(numbers(), media_type="text/plain")


middleware_app = Starlette(
    routes=[Route("/", homepage), Route("/big", big), Route("/stream", stream)],
    middleware=[
        Middleware(CORSMiddleware, allow_origins=["https://example.org"], allow_methods=["GET", "POST"]),
        Middleware(GZipMiddleware, minimum_size=100),
    ],
)

# -- docs/lifespan.md: a lifespan context manager with state ------------------------------------


@contextlib.asynccontextmanager
async def lifespan(app):
    yield {"greeting": "hello from the lifespan"}


async def greeting(request):
    return PlainTextResponse(request.state.greeting)


lifespan_app = Starlette(routes=[Route("/", greeting)], lifespan=lifespan)
