"""The chapter's demo: a small documented shop, what ``python -m chapters.ch08_openapi`` serves.

Nothing in it is written *for* the documentation: the docstrings, the ``tags``, the
``Field(description=...)`` and the ``Query(ge=1)`` are what the code says anyway, and
``/openapi.json``, ``/docs`` and ``/redoc`` are derived from them. Open
``http://127.0.0.1:8000/docs`` and try an operation with "Try it out".
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from chapters.ch08_openapi import (
    APIRouter,
    BaseModel,
    FastAPI,
    Field,
    Header,
    HTTPException,
    Path,
    Query,
    status,
)

app = FastAPI(
    title="Shop",
    version="1.0.0",
    description="A small shop: a calculator for prices and an items catalogue.",
    openapi_tags=[
        {"name": "items", "description": "The catalogue."},
        {"name": "tools", "description": "Small helpers."},
    ],
)


class Operation(str, Enum):
    add = "add"
    subtract = "subtract"
    multiply = "multiply"
    divide = "divide"


class CalculateIn(BaseModel):
    """Two numbers and what to do with them."""

    a: int | float
    b: int | float
    operation: Operation


@app.post("/calculate", response_model=int | float, tags=["tools"])
def calculate(i: CalculateIn):
    """Apply the operation to ``a`` and ``b``; dividing by zero is a 400."""
    if i.operation == Operation.add:
        return i.a + i.b
    if i.operation == Operation.subtract:
        return i.a - i.b
    if i.operation == Operation.multiply:
        return i.a * i.b
    if i.b == 0:
        raise HTTPException(status_code=400, detail="Cannot divide by zero")
    return i.a / i.b


class Image(BaseModel):
    url: str = Field(description="Where the picture is")
    width: int = Field(gt=0, description="In pixels")


class ItemIn(BaseModel):
    """What a client sends to create an item."""

    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0, description="In euros, taxes included")
    tags: list[str] = Field(default_factory=list)
    image: Image | None = None


class ItemOut(BaseModel):
    """An item as the catalogue shows it."""

    id: int
    name: str
    price: float
    tags: list[str]
    image: Image | None = None


class Message(BaseModel):
    detail: str


items = APIRouter(prefix="/items", tags=["items"])
ITEMS: dict[int, dict[str, object]] = {
    1: {"id": 1, "name": "Hammer", "price": 9.5, "tags": ["tools"], "image": None}
}


@items.get("", response_model=list[ItemOut])
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many")] = 10,
    tag: Annotated[list[str] | None, Query(description="Only items with one of these tags")] = None,
):
    """The catalogue, filtered by tag."""
    found = [item for item in ITEMS.values() if not tag or set(tag) & set(item["tags"])]  # type: ignore[arg-type]
    return found[:limit]


@items.get("/{item_id}", response_model=ItemOut, responses={404: {"model": Message}})
async def read_item(
    item_id: Annotated[int, Path(gt=0)], user_agent: Annotated[str | None, Header()] = None
):
    """One item, by its id."""
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail=f"Item {item_id} not found")
    return ITEMS[item_id]


@items.post("", status_code=status.HTTP_201_CREATED, response_model=ItemOut)
def create_item(item: ItemIn):
    """Add an item; the answer carries its new id."""
    item_id = max(ITEMS, default=0) + 1
    ITEMS[item_id] = {"id": item_id, **item.model_dump()}
    return ITEMS[item_id]


@items.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove an item")
def delete_item(item_id: int) -> None:
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status_code=404, detail=f"Item {item_id} not found")


app.include_router(items)
