"""Lax-mode scalar conversions, input by input, against real pydantic."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from tests.ch06_framework.models_oracle import assert_same, ours

UID = "12345678-1234-5678-1234-567812345678"

TABLE: list[tuple[Any, list[Any]]] = [
    (str, ["x", "", 3, 3.5, True, None, b"abc", b"\xff", bytearray(b"a"), [], {}]),
    (
        int,
        [
            3,
            -3,
            True,
            False,
            3.0,
            3.5,
            "3",
            " 3 ",
            "3.0",
            "3.00",
            "3.5",
            "abc",
            "",
            "1_000",
            "+3",
            "-3",
            "0x10",
            "1e3",
            "١٢",
            Decimal(3),
            Decimal("3.5"),
            float("inf"),
            None,
            [1],
            b"3",
            10**30,
            "99999999999999999999",
            9.3e18,
            -9.3e18,
        ],
    ),
    (
        float,
        [
            3,
            2.5,
            True,
            "2.5",
            " 2.5 ",
            "abc",
            "",
            "inf",
            "-inf",
            "1e3",
            "1_0.5",
            None,
            b"2.5",
            Decimal("1.5"),
            [],
            "١",
        ],
    ),
    (
        bool,
        [
            True,
            False,
            "true",
            "True",
            "TRUE",
            "1",
            "yes",
            "on",
            "off",
            "no",
            "0",
            "false",
            "f",
            "t",
            "y",
            "n",
            0,
            1,
            2,
            -1,
            0.0,
            1.0,
            1.5,
            "maybe",
            None,
            "",
            b"true",
            " true ",
            [],
        ],
    ),
    (type(None), [None, 0, "", "null", False]),
    (None, [None, 0]),
    (
        uuid.UUID,
        [
            UID,
            UID.replace("-", ""),
            "{" + UID + "}",
            "urn:uuid:" + UID,
            uuid.UUID(UID),
            "abc",
            3,
            None,
            b"1234567812345678",
            UID.encode(),
        ],
    ),
    (
        Decimal,
        [
            "1.5",
            1.5,
            3,
            " 1.5 ",
            "abc",
            "nan",
            "inf",
            None,
            True,
            "1e3",
            float("nan"),
            Decimal("2.50"),
            Decimal("nan"),
            [],
            "",
        ],
    ),
]

DATES: list[tuple[Any, list[Any]]] = [
    (
        dt.datetime,
        [
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.123456+02:00",
            "2024-01-02 03:04:05",
            "2024-01-02",
            "2024-01-02T03:04",
            "2024-01-02t03:04:05z",
            "2024-01-02T10:00:00+0200",
            "2024-01-02T10:00:00.1234567",
            1700000000,
            1700000000.5,
            "1700000000",
            "-1",
            1e12,
            dt.date(2024, 1, 2),
            dt.datetime(2024, 1, 2, 3),
            "abc",
            "",
            None,
            True,
            "2024-13-01T00:00:00",
            "2024-02-30T00:00",
            "not a date!",
            "2024/01/02",
            "2024-01-02X",
            "2024-01-02T03",
            "2024-1-2",
            float("inf"),
        ],
    ),
    (
        dt.date,
        [
            "2024-01-02",
            "2024-01-02T00:00:00",
            "2024-01-02T03:04:05",
            1699920000,
            1700000000,
            "0",
            0,
            dt.date(2024, 1, 2),
            dt.datetime(2024, 1, 2),
            dt.datetime(2024, 1, 2, 3),
            "abc",
            None,
            "2024-02-30",
            "2024-01-02T00:00:00Z",
        ],
    ),
    (
        dt.time,
        [
            "03:04:05",
            "03:04",
            "03:04:05.5",
            "03:04:05Z",
            "03:04:05+02:00",
            3600,
            3600.5,
            dt.time(3, 4),
            "abc",
            "10",
            "1:00",
            "25:00",
            "10:60",
            "10:00:61",
            86400,
            -1,
            None,
            "ab:cd",
        ],
    ),
    (
        dt.timedelta,
        [
            3600,
            1.5,
            -2,
            "PT1H",
            "P1DT2H",
            "P1W",
            "PT1.5S",
            "P1Y",
            "P1M",
            "-PT1H",
            "+PT1H",
            "01:00:00",
            "01:02:03.5",
            "1 day, 01:00:00",
            "2 days, 1:00:00",
            "1 days",
            dt.timedelta(hours=2),
            "abc",
            "",
            "P",
            "3600",
            None,
        ],
    ),
]


def _cases(table: list[tuple[Any, list[Any]]]) -> list[Any]:
    return [
        pytest.param(ann, value, id=f"{getattr(ann, '__name__', ann)}-{value!r}")
        for ann, values in table
        for value in values
    ]


@pytest.mark.parametrize(("annotation", "value"), _cases(TABLE))
def test_scalar_conversion_matches_pydantic(annotation: Any, value: Any) -> None:
    assert_same(annotation, value)


@pytest.mark.parametrize(("annotation", "value"), _cases(DATES))
def test_date_and_time_conversion_matches_pydantic(annotation: Any, value: Any) -> None:
    assert_same(annotation, value)


def test_the_issue_s_lax_examples() -> None:
    assert ours(int, "3") == ("ok", ("int", 3))
    assert ours(float, 3) == ("ok", ("float", 3.0))
    assert all(ours(bool, word) == ("ok", ("bool", True)) for word in ("true", "1", "yes", "on"))
    for refused in (3.5, "abc", ""):
        kind, errors = ours(int, refused)
        assert kind == "error" and errors[0]["type"] in ("int_from_float", "int_parsing")
