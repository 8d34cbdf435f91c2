"""Backup and restore (README 「备份与恢复」): one .tar.gz archive per backup.

    manifest.json      format, time, database vendor, rows per table, sha256 per file
    database.sqlite3   SQLite: a copy by the online backup API (consistent while in use)
    database.dump      PostgreSQL: pg_dump custom format
    media/…            every file under MEDIA_ROOT (evidence, circulars)
    secret_key         only when asked for (--with-secret-key)

The row counts are taken from the very snapshot that is archived (the SQLite copy
itself; on PostgreSQL the transaction whose snapshot pg_dump is given), so a backup
taken while people work still verifies. Restoring checks the archive against its
manifest first, refuses a database that holds data unless forced, and checks the
restored rows and files against the manifest again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What `migrate` writes into a new database: a database holding only these is empty.
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

Report = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    secret_key: bool


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(connection) -> dict[str, int]:
    """Rows in every table of the database, by table name (a Django connection or a
    DB-API one to a SQLite file)."""
    if isinstance(connection, sqlite3.Connection):
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    with connection.cursor() as cursor:
        counts = {}
        for name in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
        return counts


def holds_data(connection) -> bool:
    return any(count for name, count in table_counts(connection).items() if name not in SCHEMA_TABLES)


def _pg_env(connection) -> dict[str, str]:
    """libpq's variables for the connection, so that no password is on a command line."""
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, variable in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str], failure: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）") from None
    if result.returncode != 0:
        raise BackupError(f"{failure}：{result.stderr.strip()}")


def _dump_database(connection, target: Path) -> dict[str, int]:
    """Write the database to `target`; returns the row counts of what was written."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            return table_counts(copy)
    # One REPEATABLE READ transaction: its snapshot is both counted here and handed
    # to pg_dump, so the counts describe exactly the rows in the dump.
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(connection)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}", f"--file={target}"],
                _pg_env(connection),
                "pg_dump 备份数据库失败",
            )
    finally:
        raw.rollback()
        raw.autocommit = previous
    return counts


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def create(out_dir: Path, *, connection, media_root: Path, with_secret_key: bool = False, report: Report = print) -> Path:
    """Write one archive into `out_dir` and return its path."""
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"zhaoshang-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".backup-") as work:
        database = Path(work) / DATABASE_FILES[connection.vendor]
        report(f"正在备份数据库（{VENDOR_NAMES[connection.vendor]}）…")
        counts = _dump_database(connection, database)
        media = _media_files(media_root)
        report(f"数据库 {len(counts)} 张表、{sum(counts.values())} 行；上传文件 {len(media)} 个")
        files = {database.name: sha256(database)}
        files.update({f"{MEDIA}/{path.relative_to(media_root).as_posix()}": sha256(path) for path in media})
        secret = None
        if with_secret_key:
            secret = settings.SECRET_KEY.encode()
            files[SECRET_KEY] = hashlib.sha256(secret).hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": database.name,
            "tables": counts,
            "files": files,
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
            tar.add(database, arcname=database.name)
            for path in media:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
            if secret is not None:
                _add_bytes(tar, SECRET_KEY, secret, mode=0o600)
        # Renamed only when complete: a half-written archive never looks like a backup.
        partial.rename(archive)
    return archive


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), mode, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _unpack(archive: Path, work: Path) -> dict:
    """Extract the archive's regular files into `work` (no links, nothing outside it)
    and check each against the manifest; returns the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                parts = PurePosixPath(member.name).parts
                if not member.isfile() or member.name.startswith("/") or ".." in parts:
                    raise BackupError(f"备份文件中有不允许的条目：{member.name}")
                target = work.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as handle:
                    shutil.copyfileobj(source, handle)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"无法读取备份文件 {archive}：{error}") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        raise BackupError("备份文件中没有有效的 manifest.json，不是本系统的备份") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式版本 {manifest.get('format')} 不受支持（本系统为 {FORMAT}）")
    for name, expected in manifest["files"].items():
        path = work / name
        if not path.is_file():
            raise BackupError(f"备份文件不完整：缺少 {name}")
        if sha256(path) != expected:
            raise BackupError(f"备份文件已损坏：{name} 的校验值与清单不符")
    return manifest


def _load_database(connection, manifest: dict, work: Path) -> None:
    source = work / manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # The backup API writes the copy page by page into the live database file,
        # under its lock: other processes see either the old or the restored data.
        with closing(sqlite3.connect(source)) as copy:
            copy.backup(connection.connection)
        return
    # pg_restore works on its own connection: ours must hold no lock on the tables.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ],
        _pg_env(connection),
        "pg_restore 恢复数据库失败",
    )


def _check(manifest: dict, connection, media_root: Path) -> None:
    """The restored database and files against the manifest; every difference named."""
    problems = []
    counts = table_counts(connection)
    for table, expected in sorted(manifest["tables"].items()):
        actual = counts.get(table)
        if actual is None:
            problems.append(f"缺少表 {table}")
        elif actual != expected:
            problems.append(f"表 {table} 应有 {expected} 行，实有 {actual} 行")
    for name, expected in sorted(manifest["files"].items()):
        if not name.startswith(f"{MEDIA}/"):
            continue
        path = media_root.joinpath(*PurePosixPath(name).parts[1:])
        if not path.is_file() or sha256(path) != expected:
            problems.append(f"上传文件 {name[len(MEDIA) + 1 :]} 与备份不一致")
    if problems:
        raise BackupError("恢复后核对不一致：" + "；".join(problems))


def restore(archive: Path, *, connection, media_root: Path, var_dir: Path, force: bool = False, report: Report = print) -> Restored:
    """Restore `archive` into the connection's database and `media_root`, then verify."""
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}")
    with tempfile.TemporaryDirectory(prefix="zhaoshang-restore-") as name:
        work = Path(name)
        report(f"正在核对备份文件 {archive.name}…")
        manifest = _unpack(archive, work)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"备份来自 {VENDOR_NAMES.get(manifest['vendor'], manifest['vendor'])} 数据库，"
                f"当前数据库是 {VENDOR_NAMES.get(connection.vendor, connection.vendor)}，不能直接恢复"
            )
        if not force and holds_data(connection):
            raise BackupError("当前数据库中已有数据，未做任何改动。确认要用备份覆盖现有数据时，请加 --force")
        report(f"正在恢复数据库（{VENDOR_NAMES[connection.vendor]}，{len(manifest['tables'])} 张表）…")
        _load_database(connection, manifest, work)
        media = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
        report(f"正在恢复上传文件（{len(media)} 个）…")
        for name in media:
            target = media_root.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
        has_secret = SECRET_KEY in manifest["files"]
        if has_secret:
            var_dir.mkdir(parents=True, exist_ok=True)
            key_file = var_dir / SECRET_KEY
            key_file.write_bytes((work / SECRET_KEY).read_bytes())
            key_file.chmod(0o600)
        _check(manifest, connection, media_root)
    return Restored(len(manifest["tables"]), sum(manifest["tables"].values()), len(media), has_secret)
