"""The chapter's demo application: what ``python -m chapters.ch06_framework`` serves.

Two parts. First the calculator, exactly as it is written for FastAPI and pydantic — only
the import lines differ (a test checks it line by line) — then a small items API on an
:class:`APIRouter` that shows the rest: path, query and header parameters with
constraints, a body model, ``response_model`` filtering, 201/204 status codes and 404s.
Try::

    curl -i localhost:8000/calculate -H 'content-type: application/json' -d '{"a": 6, "b": 7, "operation": "multiply"}'
    curl -i localhost:8000/calculate -H 'content-type: application/json' -d '{"a": "six"}'   # 422
    curl -i 'localhost:8000/items?limit=0'                                                 # 422
"""

from enum import Enum
from typing import Annotated, Any, Union

from chapters.ch06_framework import (
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

app = FastAPI(title="Calculator")


class CalculatorOperation(str, Enum):
    add = "add"; subtract = "subtract"; multiply = "multiply"; divide = "divide"

class CalculateIn(BaseModel):
    a: Union[int, float]
    b: Union[int, float]
    operation: CalculatorOperation

@app.post("/calculate", response_model=Union[int, float])
def calculate(i: CalculateIn):
    if i.operation == CalculatorOperation.add:
        return i.a + i.b
    if i.operation == CalculatorOperation.subtract:
        return i.a - i.b
    if i.operation == CalculatorOperation.multiply:
        return i.a * i.b
    if i.b == 0:
        raise HTTPException(status_code=400, detail="Cannot divide by zero")
    return i.a / i.b


# -- the items API: everything else the chapter adds ------------------------------------------


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)
    tags: list[str] = Field(default_factory=list)


class ItemOut(BaseModel):
    id: int
    name: str
    price: float
    tags: list[str]


items = APIRouter(prefix="/items", tags=["items"])
ITEMS: dict[int, dict[str, Any]] = {
    1: {"id": 1, "name": "Hammer", "price": 9.5, "tags": ["tools"]}
}


@items.get("", response_model=list[ItemOut])
async def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    tag: Annotated[list[str] | None, Query()] = None,
):
    found = [item for item in ITEMS.values() if not tag or set(tag) & set(item["tags"])]
    return found[:limit]


@items.get("/{item_id}", response_model=ItemOut)
async def read_item(
    item_id: Annotated[int, Path(gt=0)], user_agent: Annotated[str | None, Header()] = None
):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail=f"Item {item_id} not found")
    return {**ITEMS[item_id], "seen_by": user_agent}  # "seen_by" is dropped: ItemOut lacks it


@items.post("", status_code=status.HTTP_201_CREATED, response_model=ItemOut)
def create_item(item: ItemIn):
    item_id = max(ITEMS, default=0) + 1
    ITEMS[item_id] = {"id": item_id, **item.model_dump()}
    return ITEMS[item_id]


@items.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int) -> None:
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status_code=404, detail=f"Item {item_id} not found")


app.include_router(items)
