"""Allow ``python -m vitrina``."""

from vitrina.cli import main

main()
