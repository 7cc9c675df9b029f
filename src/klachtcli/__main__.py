"""`python -m klachtcli` runs the same program as `klacht`."""

from klachtcli.cli import main

main()
