"""``jsonable_encoder`` against FastAPI's own, value by value, and the responses built from it."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import pathlib
import uuid
from collections import deque
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder as fastapi_jsonable_encoder

from chapters.ch06_framework import BaseModel, Field, jsonable_encoder


class Color(enum.Enum):
    red = "red"


@dataclasses.dataclass
class Point:
    x: int
    y: int | None = None


class Thing:
    def __init__(self) -> None:
        self.name = "thing"
        self.when = datetime.date(2024, 1, 2)


VALUES: list[Any] = [
    None, True, 3, 2.5, "héllo", b"bytes",
    datetime.datetime(2024, 1, 2, 3, 4, 5, 6), datetime.date(2024, 1, 2), datetime.time(3, 4, 5),
    datetime.timedelta(minutes=1, microseconds=5), decimal.Decimal(3), decimal.Decimal("2.50"),
    uuid.UUID("12345678-1234-5678-1234-567812345678"), Color.red, pathlib.PurePosixPath("/a/b"),
    {1, 2}, frozenset({"a"}), (1, "a"), deque([1]), (i for i in range(2)),
    {"nested": [{"deep": datetime.date(2020, 5, 6)}], 1: "int key", Color.red: "enum key"},
    Point(1), Thing(),
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_same_as_fastapi(value: Any) -> None:
    if type(value).__name__ == "generator":  # consumed once: build two
        assert jsonable_encoder(i for i in range(2)) == fastapi_jsonable_encoder(
            i for i in range(2)
        )
        return
    assert jsonable_encoder(value) == fastapi_jsonable_encoder(value)


def test_options() -> None:
    data = {"a": 1, "b": None, "c": 3}
    assert jsonable_encoder(data, exclude_none=True) == {"a": 1, "c": 3}
    assert jsonable_encoder(data, include={"a", "b"}) == {"a": 1, "b": None}
    assert jsonable_encoder(data, exclude={"a"}) == {"b": None, "c": 3}
    assert jsonable_encoder(Point(1), custom_encoder={Point: lambda p: f"({p.x})"}) == "(1)"


def test_models_dump_by_alias_in_json_mode() -> None:
    class User(BaseModel):
        user_name: str = Field(alias="userName")
        joined: datetime.date
        nickname: str | None = None

    user = User.model_validate({"userName": "ann", "joined": "2024-01-02"})
    assert jsonable_encoder(user) == {"userName": "ann", "joined": "2024-01-02", "nickname": None}
    assert jsonable_encoder(user, by_alias=False, exclude_none=True) == {
        "user_name": "ann",
        "joined": "2024-01-02",
    }


def test_something_that_is_neither_a_mapping_nor_an_object_with_attributes() -> None:
    with pytest.raises(ValueError):
        jsonable_encoder(object())
