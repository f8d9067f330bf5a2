"""``python -m kiteticket`` does what the ``kiteticket`` command does."""

from __future__ import annotations

import sys

from kiteticket.app import main

sys.exit(main())
