"""One small module per output. Each builder turns the validated exhibit into files:
``build(context) -> list[Output]``. A new output is one new module here."""

from vitrina.builders.base import BuildContext
from vitrina.output import Output

__all__ = ["BuildContext", "Output"]
