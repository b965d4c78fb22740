"""Where Bolthíd keeps its files on the user's machine (platformdirs: Windows, Linux, macOS)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Bolthid"
APP_AUTHOR = "Bolthid"

# Tests and portable installs point everything to one folder with this variable.
HOME_ENV = "BOLTHID_HOME"


def _base(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / kind
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR, roaming=False)
    return Path(getattr(dirs, f"user_{kind}_dir"))


def data_dir() -> Path:
    path = _base("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = _base("config")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = _base("log")
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_file() -> Path:
    return data_dir() / "bolthid.sqlite"


def resources_dir() -> Path:
    """resources/ beside the package in a source checkout, or inside a PyInstaller bundle."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
