"""What the chapter 08 checks share: "not attempted", safe calls, and reading a document.

A check that failed on a request ends with ``reproduce, with client = TestClient(app):
client.get(...)``, ``app`` being your application (exercise 2's ``library``, or exercise 3's
notes app after ``document_api_key(app)``).
"""

from __future__ import annotations

from typing import Any

from chapters.support.exercises import ExerciseFailed


def first_problem(document: Any) -> str | None:
    """What ``openapi-spec-validator`` finds wrong with ``document``, and where; or None.

    The validator is imported in here: the check of exercise 1 does without it.
    """
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
    from referencing.exceptions import Unresolvable  # jsonschema's, hence the validator's

    try:
        validate(document)
    except OpenAPIValidationError as error:
        where = getattr(error, "json_path", "$")
        return error.message + ("" if where == "$" else f" (at {where})")
    except Unresolvable as error:  # a $ref to nowhere
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return None


def operation_of(document: dict[str, Any], method: str, path: str, whose: str) -> dict[str, Any]:
    """``document["paths"][path][method]``, or a failure naming what is missing."""
    item = document.get("paths", {}).get(path)
    if not isinstance(item, dict) or method not in item:
        listed = {
            key: sorted(value)
            for key, value in document.get("paths", {}).items()
            if isinstance(value, dict)
        }
        raise ExerciseFailed(
            f"{whose} has no {method.upper()} {path} operation; its paths are {listed}."
        )
    return item[method]


def schema_name(schema: Any) -> str | None:
    """``{"$ref": "#/components/schemas/Book"}`` -> ``"Book"``; anything else -> None."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return schema["$ref"].rsplit("/", 1)[-1]
    return None
