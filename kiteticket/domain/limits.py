"""Kite's numeric limits, in one place. Entries marked NOT CONFIRMED take the strictest plausible value
(kite-api-facts.md §13) so they are easy to find and change when Kite says otherwise."""

from __future__ import annotations

from decimal import Decimal

TAG_MAX_LENGTH = 20  # 8 until about 2021; a longer tag is rejected, not truncated (F17, F2)
ICEBERG_MIN_LEGS = 2
ICEBERG_MAX_LEGS = 50  # docs say 10, staff say raised to 50 (F12)
MARKET_PROTECTION_MAX = 100
MARKET_PROTECTION_STEP = Decimal("0.01")  # a percentage with two decimals, as Kite's "mktp:2.00" tags show it
TTL_MIN_MINUTES = 1
TTL_MAX_MINUTES = 375  # NOT CONFIRMED: capped at one equity session (09:15-15:30)
DISCLOSED_MIN_FRACTION_PERCENT = 10  # NOT CONFIRMED for Kite: the NSE rule that disclosed is at least 10 %
MAX_MODIFICATIONS = 25  # per order, since 2021 (F18)
AUTOSLICE_MAX_SLICES = 10  # from April 2026 (F1)
