"""Files in a staging folder that become real only when every product built."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class Staging:
    """Write into a hidden folder beside the target; `commit()` moves each file with os.replace.

    Used as a context manager: leaving it by an exception removes the folder, so a
    failed build leaves neither partial PDFs nor stray files behind.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.created_out_dir = not out_dir.exists()

    def __enter__(self) -> "Staging":
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".printkit-", dir=self.out_dir))
        return self

    def path(self, name: str) -> Path:
        return self.dir / name

    def commit(self) -> None:
        for item in sorted(self.dir.iterdir()):
            os.replace(item, self.out_dir / item.name)

    def __exit__(self, exc_type, exc, tb) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        if exc_type is not None and self.created_out_dir and not any(self.out_dir.iterdir()):
            self.out_dir.rmdir()
