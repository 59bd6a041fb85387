"""vitrina — turn an exhibition described in YAML into print-ready PDFs.

The pipeline, one package per stage (see ``build.py``):
load → validate → resolve → draw → render → finish → write → report.
"""

__version__ = "0.1.0"
