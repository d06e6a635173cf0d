"""Start the playground: `python main.py` (add --help for the options)."""

import sys

from playground.cli import main

if __name__ == "__main__":
    sys.exit(main())
