"""What every command-line tool shares: bad input is one line on stderr and exit code 2, never a traceback
or argparse's usage block."""

import argparse
import sys
from collections.abc import Callable

from core.errors import LabError


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        raise LabError("cli_usage", f"{message} (see --help)")


def main(run: Callable[[list[str] | None], str], argv: list[str] | None = None) -> int:
    """Print run(argv)'s summary; a LabError is one line on stderr and exit code 2."""
    try:
        print(run(argv))
    except LabError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    return 0
