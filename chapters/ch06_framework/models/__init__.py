"""Our pydantic: type annotations become parsing, validation, conversion and errors.

::

    from chapters.ch06_framework.models import BaseModel, Field

    class Item(BaseModel):
        name: str
        price: float = Field(gt=0)

    Item.model_validate({"name": "pen", "price": "1.5"})   # Item(name='pen', price=1.5)

The modules, in reading order: :mod:`.fields` (``Field``), :mod:`.errors` (errors are
collected, not raised one by one), :mod:`.coercion` and :mod:`.datetimes` (the lax-mode
conversion table), :mod:`.constraints`, :mod:`.containers`, :mod:`.adapters` (an annotation
compiled once into a validator), :mod:`.base` (``BaseModel``), :mod:`.serialization`
(``model_dump``), :mod:`.schema` (JSON Schema) and :mod:`.type_adapter`.
"""

from chapters.ch06_framework.models.base import BaseModel
from chapters.ch06_framework.models.errors import INVALID, ErrorDict, ValidationError
from chapters.ch06_framework.models.fields import Field, FieldInfo, Undefined, UndefinedType
from chapters.ch06_framework.models.type_adapter import TypeAdapter

__all__ = [
    "INVALID",
    "BaseModel",
    "ErrorDict",
    "Field",
    "FieldInfo",
    "TypeAdapter",
    "Undefined",
    "UndefinedType",
    "ValidationError",
]
