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


def keep_private() -> None:
    """Files this program makes are the user's alone: the database (customers' data, the shop's
    session), its backups and the logs. On POSIX the process umask makes new files 0600 and folders
    0700, and folders an older version left open to everybody are closed; on Windows the folders
    live in the user's own profile, which only the user (and administrators) can read."""
    if os.name != "posix":
        return
    os.umask(0o077)
    for kind in ("data", "config", "log"):
        folder = _base(kind)
        for path in (folder, folder / "backups"):
            try:
                if path.is_dir() and path.stat().st_mode & 0o077:
                    path.chmod(0o700)
            except OSError:
                continue  # not ours to change (a shared folder): the files inside still are 0600
        try:
            files = [f for f in folder.glob("*") if f.is_file()] if folder.is_dir() else []
        except OSError:
            files = []
        for file in files:
            try:
                if file.stat().st_mode & 0o077:
                    file.chmod(0o600)
            except OSError:
                continue
