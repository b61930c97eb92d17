"""Turning an uploaded file into an import: size limit, a safe file name, a temp folder."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import UploadFile

from sobes.errors import BadInputError, SobesError
from sobes.library import Library
from sobes.model import ImportReport

CHUNK = 1024 * 1024
MAX_FILES = 200


class TooLargeError(SobesError):
    """The upload is over the size limit."""

    http_status = 413


def safe_name(filename: str | None) -> str:
    """The file's own name (it becomes the source name and helps format detection), without
    any folder part or odd characters."""
    name = Path((filename or "").replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ()\[\]]+", "_", name).strip(" .")
    return name[:120] or "upload.txt"


async def import_upload(lib: Library, upload: UploadFile | list[UploadFile], max_bytes: int) -> ImportReport:
    """Copy the upload(s) to a temp folder (refusing more than ``max_bytes`` in all) and
    import them: one file as itself, several (a Telegram HTML export is split into
    messages.html, messages2.html, …) as one folder import."""
    uploads = upload if isinstance(upload, list) else [upload]
    if not uploads:
        raise BadInputError("no file was uploaded; choose the exported file")
    if len(uploads) > MAX_FILES:
        raise BadInputError(f"at most {MAX_FILES} files at once; import the rest in another upload")
    with tempfile.TemporaryDirectory(prefix="sobes-upload-") as folder:
        paths: list[Path] = []
        size = 0
        for one in uploads:
            path = _unique(Path(folder) / safe_name(one.filename))
            with path.open("wb") as out:
                while chunk := await one.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLargeError(
                            f"{path.name} is larger than the upload limit of {max_bytes / 1024 / 1024:g} MB"
                            f"{' (all files together)' if len(uploads) > 1 else ''}; "
                            "split it or ask for a higher limit (sobes serve --max-upload-mb)"
                        )
                    out.write(chunk)
            if path.stat().st_size == 0:
                raise BadInputError(f"{path.name} is empty; choose the exported file itself")
            paths.append(path)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(lib.import_path, paths[0] if len(paths) == 1 else folder)


def _unique(path: Path) -> Path:
    """Two uploads with the same name must not overwrite each other."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
