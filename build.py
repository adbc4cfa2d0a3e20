"""Build every edition of the booklet: `python build.py` (same as `booklet build`)."""

import sys

from booklet.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
