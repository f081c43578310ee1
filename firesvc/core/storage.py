"""Uploaded files on disk: no half-written file, no orphan file, a clear error when the disk is full.

Django's ``FileSystemStorage`` leaves the partly written file behind when a write fails (a full
disk: ``ENOSPC``), and a file saved inside a transaction that then rolls back stays on disk with
no row pointing at it. ``PortalFileSystemStorage`` removes what it wrote when the write fails and
raises ``StorageFullError``; services that save files in a transaction wrap the saves in
``files_removed_on_error()`` so that a later failure of the same block removes them too.
Views turn ``StorageFullError`` into a form error ("could not store the file, try again later");
anywhere else the error handler answers with a 503 page (``firesvc.core.views.error_500``).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Iterator
from contextvars import ContextVar

from django.core.files import locks
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils._os import safe_makedirs

logger = logging.getLogger(__name__)

# Errors that mean "the disk cannot take the file now" (not a bug of the request).
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})

_saved_names: ContextVar[list[str] | None] = ContextVar("firesvc_saved_file_names", default=None)


class StorageFullError(OSError):
    """The upload folder could not store a file (full, read-only or failing disk)."""


def is_storage_full(exc: BaseException) -> bool:
    return isinstance(exc, StorageFullError) or (isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS)


class PortalFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` that never leaves a partial file and says when the disk is full."""

    def _save(self, name: str, content) -> str:  # type: ignore[no-untyped-def, override]
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
        except FileExistsError as exc:
            raise FileExistsError(f"{directory} exists and is not a directory.") from exc
        except OSError as exc:
            self._raise_if_full(exc, full_path, created=False)
            raise
        while True:
            try:
                fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
                continue
            except OSError as exc:
                self._raise_if_full(exc, full_path, created=False)
                raise
            break
        try:
            with os.fdopen(fd, "wb") as fh:
                locks.lock(fh, locks.LOCK_EX)
                try:
                    for chunk in content.chunks():
                        fh.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                    fh.flush()
                finally:
                    locks.unlock(fh)
        except BaseException as exc:
            # Whatever stopped the write (full disk, I/O error, a worker's time limit): no partial file.
            with contextlib.suppress(OSError):
                os.remove(full_path)
            if isinstance(exc, OSError):
                self._raise_if_full(exc, full_path, created=True)
            raise
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)
        saved = os.path.relpath(full_path, self.location).replace("\\", "/")
        names = _saved_names.get()
        if names is not None:
            names.append(saved)
        return saved

    @staticmethod
    def _raise_if_full(exc: OSError, full_path: str, *, created: bool) -> None:
        if exc.errno in NO_SPACE_ERRNOS and not isinstance(exc, StorageFullError):
            logger.error("Upload folder cannot store %s (%s); the partial file was %s.", full_path,
                         os.strerror(exc.errno or 0), "removed" if created else "never created")
            raise StorageFullError(exc.errno, os.strerror(exc.errno or 0), full_path) from exc


@contextlib.contextmanager
def files_removed_on_error() -> Iterator[list[str]]:
    """Files saved through ``PortalFileSystemStorage`` inside the block are deleted if the block raises.

    Wrap the transaction of the rows that point at the files in it (as a decorator above
    ``@transaction.atomic``): when the transaction rolls back because of an exception, also one
    raised by the commit, the files go too (no orphan files on disk). Nested blocks hand their
    files to the enclosing one.
    """
    outer = _saved_names.get()
    names: list[str] = []
    token = _saved_names.set(names)
    try:
        yield names
    except BaseException:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not remove the orphan upload %s.", name, exc_info=True)
        raise
    else:
        if outer is not None:  # an enclosing block may still fail: it removes these too
            outer.extend(names)
    finally:
        _saved_names.reset(token)
