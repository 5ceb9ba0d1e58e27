"""A small notes API on the chapter's micro-framework (``python -m chapters.ch03_wsgi chapters.ch03_wsgi.demo:app``)."""

from __future__ import annotations

import threading
from typing import Any

from chapters.ch03_wsgi.framework import App, HTTPException, JSONResponse, Request


def make_app() -> App:
    """A fresh app with its own notes: ``GET/POST /notes``, ``GET/DELETE /notes/{note_id:int}``."""
    app = App()
    notes: dict[int, str] = {}
    lock = threading.Lock()  # the server runs views in several threads at once

    @app.get("/")
    def index(request: Request) -> str:
        return "Notes API: try GET /notes\n"

    @app.route("/notes", methods=["GET", "POST"])
    def all_notes(request: Request) -> Any:
        if request.method == "POST":
            text = request.json().get("text") if isinstance(request.json(), dict) else None
            if not isinstance(text, str):
                raise HTTPException(422, 'send {"text": "..."}')
            with lock:
                note_id = len(notes) + 1
                notes[note_id] = text
            return JSONResponse({"id": note_id, "text": text}, status_code=201)
        with lock:
            return [{"id": key, "text": value} for key, value in notes.items()]

    @app.route("/notes/{note_id:int}", methods=["GET", "DELETE"])
    def one_note(request: Request, note_id: int) -> Any:
        with lock:
            if note_id not in notes:
                raise HTTPException(404, f"no note {note_id}")
            if request.method == "DELETE":
                return {"deleted": notes.pop(note_id)}
            return {"id": note_id, "text": notes[note_id]}

    return app


app = make_app()
