"""``python -m benchmarks [--quick] [--readme]``: the same as ``python -m benchmarks.run_all``."""

from __future__ import annotations

import sys

from benchmarks.run_all import main

sys.exit(main())
