"""Is the SQLite file on a network share? WAL needs shared memory, which network file systems lack.

Several workstations share a PostgreSQL database; a SQLite file on a share can corrupt or lose
writes. Where the platform tells (Windows drive types and UNC paths, Linux mount table), the user
is warned in Hungarian and pointed to PostgreSQL. Elsewhere (macOS) nothing is said.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

# Linux mount types that live on another machine.
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "davfs",
        "fuse.rclone",
    }
)
_DRIVE_REMOTE = 4  # GetDriveTypeW

WARNING = (
    "Az adatbázis-fájl hálózati meghajtón van ({where}). Hálózati megosztáson az SQLite adatbázis "
    "megsérülhet vagy adatot veszíthet, ha több gép használja. Tegye a fájlt erre a gépre, vagy több "
    "munkaállomáshoz használjon PostgreSQL-kiszolgálót (README: Több munkaállomás)."
)


def network_location(path: Path, mounts: str | None = None) -> str | None:
    """What names the share the file is on (a UNC path, a drive, a mount type), None when local."""
    if sys.platform == "win32" or isinstance(path, PureWindowsPath):
        return _windows_share(path)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    return _linux_share(path, mounts)


def _windows_share(path: Path) -> str | None:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return text.split("\\")[2] if "\\" in text else text
    drive = PureWindowsPath(text).drive
    if not drive or sys.platform != "win32":
        return None
    import ctypes

    kind = ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\")
    return f"{drive} hálózati meghajtó" if kind == _DRIVE_REMOTE else None


def _linux_share(path: Path, mounts: str) -> str | None:
    target = os.path.realpath(path)
    best: tuple[int, str, str] | None = None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        source, point, fstype = parts[0], parts[1].replace("\\040", " "), parts[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fstype, source)
    if best is None or best[1] not in NETWORK_FS_TYPES:
        return None
    return f"{best[2]}, {best[1]}"


def share_warning(path: Path, mounts: str | None = None) -> str | None:
    where = network_location(path, mounts)
    return WARNING.format(where=where) if where else None
