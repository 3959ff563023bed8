"""Object bytes on local disk: `<root>/<bucket>/<key>/<version>`, one file per object version.

A write goes to a temporary file under `<root>/.tmp` first; the caller renames it into place
inside the database transaction that records the row, and removes it if that transaction fails,
so a row never lacks its file and a file never outlives a failed row."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 64 * 1024
TMP_DIR = ".tmp"  # under the root, beside the buckets' directories
NAME_MAX = 255  # bytes in one file name on Linux file systems


class TooLarge(Exception):
    """More bytes arrived than the limit allows."""


@dataclass
class Staged:
    """Bytes written to a temporary file, with what the object row records about them."""

    path: Path
    size: int
    md5: str

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def tmp_dir(self) -> Path:
        return self.root / TMP_DIR

    def path_for(self, bucket: str, key: str, version: str) -> Path:
        """Where a version lives; ValueError when the bucket or key would leave the root."""
        parts = [bucket, *key.split("/"), version]
        if bucket == self.tmp_dir.name or any(
                part in ("", ".", "..") or "/" in part or len(part.encode()) > NAME_MAX
                for part in parts):
            raise ValueError(f"unsafe storage path {bucket}/{key}")
        return self.root.joinpath(*parts)

    def stage(self, source: BinaryIO | Iterable[bytes], limit: int | None) -> Staged:
        """Copy the stream to a temporary file, hashing it; TooLarge past `limit` bytes."""
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, prefix="upload-")
        path, size, digest = Path(name), 0, hashlib.md5()  # noqa: S324  (Storage's eTag)
        chunks = iter(lambda: source.read(CHUNK), b"") if hasattr(source, "read") else source
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooLarge
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Staged(path, size, digest.hexdigest())

    def place(self, staged: Staged, target: Path) -> None:
        """Move a staged file to its final path (same file system, so atomic)."""
        self._make_parent(target)
        os.replace(staged.path, target)

    def duplicate(self, source: Path, target: Path) -> None:
        """A second version with the same bytes (copy, move): a hard link when possible."""
        self._make_parent(target)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    @staticmethod
    def _make_parent(target: Path) -> None:
        """The key's directory; ValueError when a file stands where a directory must be (a key
        that continues past another object's version file, `a.txt/<its version>/...`) or the
        path is too long for the file system."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise ValueError(f"unsafe storage path {target}") from exc
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # the whole path is past PATH_MAX
                raise ValueError(f"unsafe storage path {target}") from exc
            raise

    def remove(self, path: Path) -> None:
        """Remove a version and the directories it leaves empty, up to the bucket's."""
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != self.root and parent.parent != self.root:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    @staticmethod
    def new_version() -> str:
        return str(uuid.uuid4())
