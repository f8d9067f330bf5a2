"""What the broker says about the user and about a placement, as immutable data that may cross threads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Profile:
    user_id: str
    user_name: str
    broker: str
    exchanges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceResult:
    order_id: str
    child_order_ids: tuple[str, ...] = ()  # autoslice children that were placed
    child_errors: tuple[str, ...] = ()  # autoslice children Kite refused, in Kite's words
