from enum import Enum
from typing import Union

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

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
