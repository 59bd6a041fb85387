"""Stage 7 — write: put finished files in output/ atomically."""

from vitrina.write.atomic import OutputLock, write_outputs

__all__ = ["OutputLock", "write_outputs"]
