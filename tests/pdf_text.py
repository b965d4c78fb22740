"""PDFs are read back with poppler's pdftotext; where it is not installed (a Windows machine
running the suite) the test is skipped with the reason, never failed or silently passed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(path: Path, *, layout: bool = False) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip(
            "needs pdftotext (poppler-utils; installed by installer/source/system-packages.sh --test)"
        )
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout
