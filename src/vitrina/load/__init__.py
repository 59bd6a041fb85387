"""Stage 1 — load: read the exhibition's YAML files, keeping where every value came from."""

from vitrina.load.project import LoadedProject, load_project
from vitrina.load.yaml_source import SourceDocument, load_yaml_file

__all__ = ["LoadedProject", "SourceDocument", "load_project", "load_yaml_file"]
