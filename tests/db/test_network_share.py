"""A SQLite file on a network share is named and the user is pointed to PostgreSQL."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from app.db import network_share
from app.db.network_share import network_location, share_warning

MOUNTS = """\
sysfs /sys sysfs rw 0 0
/dev/sda1 / ext4 rw,relatime 0 0
//nas/iroda /mnt/iroda cifs rw,vers=3.0 0 0
nas:/export/ceg /mnt/ceg nfs4 rw 0 0
/dev/sdb1 /mnt/iroda/helyi ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/mnt/iroda/bolthid.sqlite", "//nas/iroda, cifs"),
        ("/mnt/ceg/adat/bolthid.sqlite", "nas:/export/ceg, nfs4"),
        ("/mnt/iroda/helyi/bolthid.sqlite", None),  # a local disk mounted below the share
        ("/home/anna/.local/share/Bolthid/bolthid.sqlite", None),
        ("/mnt/irodaxyz/bolthid.sqlite", None),  # only a name that starts alike
    ],
)
def test_linux_mount_types_tell_a_share(path: str, where: str | None) -> None:
    assert network_location(Path(path), MOUNTS) == where


def test_a_windows_unc_path_is_a_share() -> None:
    assert network_location(PureWindowsPath(r"\\IRODA-NAS\adatok\bolthid.sqlite")) == "IRODA-NAS"  # type: ignore[arg-type]


def test_the_warning_is_hungarian_and_names_postgresql() -> None:
    text = share_warning(Path("/mnt/iroda/bolthid.sqlite"), MOUNTS)
    assert text is not None and "hálózati meghajtón" in text and "PostgreSQL" in text


def test_a_command_on_a_database_on_a_share_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import cli

    share = f"//nas/iroda {tmp_path.as_posix()} cifs rw 0 0\n"
    monkeypatch.setattr("app.db.database.share_warning", lambda p: network_share.share_warning(p, share))
    assert cli.run(["--db", f"sqlite:///{(tmp_path / 'ceg.sqlite').as_posix()}", "stock"]) == 0
    assert "Figyelem: Az adatbázis-fájl hálózati meghajtón van (//nas/iroda, cifs)" in capsys.readouterr().err
