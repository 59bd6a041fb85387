"""Stage 2 — validate: check the loaded YAML against the model and across files."""

from vitrina.validate.exhibit import Exhibit, PanelEntry, validate_project

__all__ = ["Exhibit", "PanelEntry", "validate_project"]
