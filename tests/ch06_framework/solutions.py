"""Reference solutions to the exercises of ``notebooks/06_framework.ipynb`` (the answer key).

``test_exercises.py`` runs each check in ``chapters/ch06_framework/exercises/`` against these.
"""

from typing import Annotated

from chapters.ch06_framework import (
    BaseModel,
    Field,
    Header,
    JSONResponse,
    Path,
    Query,
    Request,
    RequestValidationError,
)

# --- exercise 1: a model with constraints ----------------------------------------------------------


class SignUp(BaseModel):
    username: str = Field(min_length=3, max_length=20, pattern=r"^[a-z0-9_]+$")
    password: str = Field(min_length=8)
    age: int = Field(ge=13)
    newsletter: bool = False


# --- exercise 2: path, query and header parameters -------------------------------------------------


async def list_posts(
    user_id: Annotated[int, Path(gt=0)],
    x_token: Annotated[str, Header()],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    tag: Annotated[list[str], Query()] = [],  # noqa: B006 - validated defaults are copied
) -> dict[str, object]:
    return {"user_id": user_id, "limit": limit, "tags": tag, "token": x_token}


# --- exercise 3: RFC 9457 problem details for a 422 ------------------------------------------------


async def problem_details(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    count = len(errors)
    problem = {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": f"{count} validation error{'' if count == 1 else 's'}",
        "instance": request.url.path,
        "invalid-params": [
            {
                "in": error["loc"][0],
                "name": ".".join(str(part) for part in error["loc"][1:]),
                "reason": error["msg"],
            }
            for error in errors
        ],
    }
    return JSONResponse(problem, status_code=422, media_type="application/problem+json")
