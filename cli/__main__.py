"""`python -m cli`: the same as the `smartcity-bot` console script."""

import sys

from cli import main

sys.exit(main())
