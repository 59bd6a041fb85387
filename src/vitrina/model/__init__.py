"""The content model: typed, documented descriptions of every YAML file.

The docstring under each field is the YAML reference (README.md is generated
from it by ``python -m vitrina.model.reference``). Beside the models: the validated
``Exhibit`` (``model.exhibit``) that every stage after validation works from, and the
label sheet geometry (``model.grid``), low in the stack so that validation and the
builders share them without importing each other.
"""

from vitrina.model.exhibition import BookletSettings, Exhibition, PosterSettings
from vitrina.model.panels import PANEL_KINDS, Panel
from vitrina.model.sources import Source

__all__ = [
    "PANEL_KINDS",
    "BookletSettings",
    "Exhibition",
    "Panel",
    "PosterSettings",
    "Source",
]
