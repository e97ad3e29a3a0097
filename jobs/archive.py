"""Where a bulk import's files come from: a zip archive or a folder, with its manifest.

Knows nothing of Django: bytes, paths and limits in; `ManifestRow`s and file bytes out, or an
`ArchiveError` (the whole batch is unusable) / `FileRefused` (one file is) with a message for the
person who sent it.

The manifest is `manifest.csv` (UTF-8, comma-separated, a header row) at the top of the archive
or folder, or inside the single folder a zip holds. Required columns: file, delegation, session,
date, title; optional: on_behalf_of, speaker, agenda_item, language, source_url. `file` is the
path of the document relative to the manifest; `delegation` and `on_behalf_of` are delegation
codes (JPN, EU), `session` a session code (AHC-1) or empty (then the one session under way on
`date`, if one was), `date` YYYY-MM-DD or empty.

A zip is read in memory, never unpacked to disk; still, an archive whose names leave its folder
(absolute paths, "..", backslashes) or hold links is refused as crafted, and so is one that
declares more data, more files or a higher compression ratio than statements could need. Each
member is also counted as it is read, since a zip's declared sizes can lie.
"""

import csv
import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = "manifest.csv"
REQUIRED_COLUMNS = ("file", "delegation", "session", "date", "title")
OPTIONAL_COLUMNS = ("on_behalf_of", "speaker", "agenda_item", "language", "source_url")
# A statement compresses a few times at most; a member this much smaller than its contents is a
# bomb (checked for members over 1 MB, as tiny files can compress very well).
MAX_RATIO = 100
_IGNORED_PARTS = ("__MACOSX",)


class ArchiveError(Exception):
    """The batch cannot be read at all; the message says why."""


class FileRefused(Exception):
    """One file of the batch cannot be read; the message says why."""


@dataclass(frozen=True)
class Limits:
    max_archive_bytes: int
    max_files: int
    max_file_bytes: int
    max_uncompressed_bytes: int


@dataclass(frozen=True)
class ManifestRow:
    line: int  # line of the manifest (the header is line 1)
    file: str
    values: dict[str, str] = field(default_factory=dict)
    problem: str = ""  # set when the row itself is unusable (e.g. the same file listed twice)


@dataclass(frozen=True)
class Batch:
    """What a source holds: the manifest's rows and the files it does not list."""

    rows: list[ManifestRow]
    unlisted: list[str]


def _is_ignored(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(part in _IGNORED_PARTS or part.startswith(".") for part in parts)


def safe_relative(name: str) -> str:
    """A relative POSIX path that stays inside its folder, or `ArchiveError`."""
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"The archive names a file outside its folder ({name!r}); refused.")
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        raise ArchiveError(f"The archive names a file outside its folder ({name!r}); refused.")
    return str(PurePosixPath(*[p for p in parts if p != "."])) if parts else ""


class ZipSource:
    """Files of a zip archive (bytes or a seekable binary stream), checked before use."""

    def __init__(self, stream, *, limits: Limits):
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ArchiveError("The file is not a readable zip archive.") from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self._check()
        self.root = self._root()

    def _check(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > self.limits.max_files * 2 + 10:
            raise ArchiveError(
                f"The archive holds {len(infos)} entries; at most {self.limits.max_files} "
                "statements are imported at once."
            )
        declared = 0
        for info in infos:
            name = safe_relative(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ArchiveError(f"The archive holds a link ({info.filename!r}); refused.")
            if info.is_dir() or not name or _is_ignored(name):
                continue
            declared += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size / max(info.compress_size, 1) > (
                MAX_RATIO
            ):
                raise ArchiveError(
                    f"{name} expands to far more than a statement (a zip bomb?); refused."
                )
            self.members[name] = info
        if declared > self.limits.max_uncompressed_bytes:
            raise ArchiveError(
                "The archive expands to more data than an import accepts "
                f"({declared / 1048576:.0f} MB); split it."
            )

    def _root(self) -> str:
        if MANIFEST in self.members:
            return ""
        tops = {PurePosixPath(name).parts[0] for name in self.members}
        if len(tops) == 1:
            top = tops.pop()
            if f"{top}/{MANIFEST}" in self.members:
                return top + "/"
        raise ArchiveError(f"The archive has no {MANIFEST} at its top (see the manifest format).")

    def names(self) -> list[str]:
        """Paths of the files, relative to the manifest."""
        return [name[len(self.root) :] for name in self.members if name.startswith(self.root)]

    def read(self, name: str) -> bytes:
        """The bytes of one file, read in chunks and counted; `FileRefused` if unusable."""
        info = self.members.get(self.root + name)
        if info is None:
            raise FileRefused("The manifest lists this file but the archive does not hold it.")
        if info.flag_bits & 0x1:
            raise FileRefused("The file is encrypted inside the archive.")
        cap = self.limits.max_file_bytes
        if info.file_size > cap:
            raise FileRefused(
                f"The file is {info.file_size / 1048576:.1f} MB, over the "
                f"{cap / 1048576:.1f} MB limit."
            )
        out = io.BytesIO()
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(64 * 1024):
                    out.write(chunk)
                    if out.tell() > cap or out.tell() > max(info.file_size, 0) + 1024:
                        raise FileRefused(
                            "The file expands beyond the size the archive declares; refused."
                        )
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
            raise FileRefused("The file is damaged inside the archive.") from None
        return out.getvalue()

    def manifest_text(self) -> bytes:
        return self.read(MANIFEST)


class FolderSource:
    """Files of a folder on this machine (for `manage.py import_statements`)."""

    def __init__(self, path: Path, *, limits: Limits):
        self.path = Path(path).resolve()
        self.limits = limits
        if not self.path.is_dir():
            raise ArchiveError(f"{path} is not a folder.")
        if not (self.path / MANIFEST).is_file():
            raise ArchiveError(f"{path} has no {MANIFEST} (see the manifest format).")

    def names(self) -> list[str]:
        names = []
        for item in sorted(self.path.rglob("*")):
            relative = item.relative_to(self.path).as_posix()
            if item.is_file() and not item.is_symlink() and not _is_ignored(relative):
                names.append(relative)
        return names

    def read(self, name: str) -> bytes:
        target = (self.path / safe_relative(name)).resolve()
        if not target.is_relative_to(self.path):
            raise FileRefused("The file is outside the imported folder.")
        if not target.is_file():
            raise FileRefused("The manifest lists this file but the folder does not hold it.")
        size = target.stat().st_size
        if size > self.limits.max_file_bytes:
            raise FileRefused(
                f"The file is {size / 1048576:.1f} MB, over the "
                f"{self.limits.max_file_bytes / 1048576:.1f} MB limit."
            )
        return target.read_bytes()

    def manifest_text(self) -> bytes:
        return (self.path / MANIFEST).read_bytes()


def read_batch(source, *, max_files: int) -> Batch:
    """Parse the source's manifest; list the files it does not mention."""
    try:
        text = source.manifest_text().decode("utf-8-sig")
    except FileRefused as error:
        raise ArchiveError(f"{MANIFEST}: {error}") from None
    except UnicodeDecodeError:
        raise ArchiveError(f"{MANIFEST} is not UTF-8; save it as UTF-8 CSV.") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ArchiveError(
            f"{MANIFEST} lacks the column(s) {', '.join(missing)}; its header must name "
            f"{', '.join(REQUIRED_COLUMNS)}."
        )
    reader.fieldnames = header
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    rows: list[ManifestRow] = []
    seen: set[str] = set()
    try:
        for record in reader:
            values = {
                key: (value or "").strip()
                for key, value in record.items()
                if key in known and isinstance(value, str)
            }
            if not any(values.values()):
                continue
            name = values.get("file", "")
            problem = ""
            try:
                name = safe_relative(name) if name else ""
            except ArchiveError:
                problem = "The file path leaves the manifest's folder."
            if not name and not problem:
                problem = "The row names no file."
            elif name in seen and not problem:
                problem = "The manifest lists this file twice; only its first row is imported."
            seen.add(name)
            rows.append(
                ManifestRow(line=reader.line_num, file=name, values=values, problem=problem)
            )
            if len(rows) > max_files:
                raise ArchiveError(
                    f"{MANIFEST} lists more than {max_files} files; split the import."
                )
    except csv.Error as error:
        raise ArchiveError(f"{MANIFEST} is not valid CSV: {error}.") from None
    if not rows:
        raise ArchiveError(f"{MANIFEST} lists no files.")
    unlisted = [name for name in source.names() if name not in seen and name != MANIFEST]
    return Batch(rows=rows, unlisted=unlisted)
