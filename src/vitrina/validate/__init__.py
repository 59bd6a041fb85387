"""Stage 2 — validate: check the loaded YAML against the model and across files, and
assemble the validated exhibit (``vitrina.model.exhibit.Exhibit``)."""

from vitrina.validate.exhibit import validate_project

__all__ = ["validate_project"]
