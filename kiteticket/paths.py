"""Where kiteticket keeps its files. Resolved once when the app starts (never at import), so tests and a
``--home`` override can point every location at a folder of their own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "kiteticket"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, home: Path | None = None) -> AppPaths:
        """The platform's own folders, or four folders under ``home`` when one is given."""
        if home is not None:
            return cls(home / "config", home / "data", home / "cache", home / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def preferences_file(self) -> Path:
        return self.config_dir / "preferences.json"

    @property
    def watchlists_file(self) -> Path:
        return self.config_dir / "watchlists.json"

    @property
    def baskets_file(self) -> Path:
        return self.config_dir / "baskets.json"

    @property
    def layout_file(self) -> Path:
        return self.config_dir / "layout.ini"

    @property
    def paper_db(self) -> Path:
        return self.data_dir / "paper.sqlite3"

    @property
    def instruments_cache(self) -> Path:
        return self.cache_dir / "instruments"

    @property
    def network_file(self) -> Path:
        """The proxy settings of Settings ▸ Network (its password is in the keyring)."""
        return self.config_dir / "network.json"
