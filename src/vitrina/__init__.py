"""vitrina — turn an exhibition described in YAML into print-ready PDFs.

The pipeline, one package per stage (see ``build.py``):
load → validate → resolve → draw → render → finish → write → report.

The packages are also layers: each imports only from those below it (the contract is in
pyproject.toml, checked by ``lint-imports``), highest first: cli, build, schedule,
report | write, builders, draw | render | finish, validate, resolve, model, load,
paths | output | adapters | process, errors | deadline.
"""

__version__ = "0.1.0"
