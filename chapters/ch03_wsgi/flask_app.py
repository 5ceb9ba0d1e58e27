"""A real Flask application, unchanged, to run on our server (and on any other WSGI server).

``python -m chapters.ch03_wsgi chapters.ch03_wsgi.flask_app:app`` serves it on ours;
``gunicorn chapters.ch03_wsgi.flask_app:app`` on gunicorn. Flask is a WSGI application like
``hello_app``: it only ever sees ``environ`` and ``start_response``.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request, stream_with_context

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "Hello from Flask!\n"


@app.get("/users/<int:user_id>")
def user(user_id: int) -> Response:
    return jsonify(id=user_id, name=f"user {user_id}", tags=request.args.getlist("tag"))


@app.post("/echo")
def echo() -> Response:
    return Response(
        request.get_data(), content_type=request.content_type or "application/octet-stream"
    )


@app.get("/cookies")
def cookies() -> Response:
    response = jsonify(received=dict(request.cookies))
    response.set_cookie("a", "1")
    response.set_cookie("b", "2")
    return response


@app.get("/stream")
def stream() -> Response:
    def numbers():  # type: ignore[no-untyped-def]
        for n in range(5):
            yield f"{n}\n"

    return Response(stream_with_context(numbers()), content_type="text/plain")


@app.get("/boom")
def boom() -> str:
    raise RuntimeError("a bug in a view")
