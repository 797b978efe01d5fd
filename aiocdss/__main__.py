"""`python -m aiocdss` is the `aiocdss` command."""

import sys

from ._cli import main

sys.exit(main())
