"""`manage.py backup` and `restore`: the demo county goes into one archive and comes
back into a database of its own with every row of every table and every uploaded
file; a database that holds data is refused unless forced; a damaged archive or a
restore that does not match its manifest stops with a Chinese message.

The data is committed (transactional tests): pg_dump reads it from its own
connection. Restores go to a throw-away database (a SQLite file, or a PostgreSQL
database with a unique name, dropped at the end), never over the test database."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from zhaoshang import demo
from zhaoshang.core import backup
from zhaoshang.organisation.models import Unit
from zhaoshang.projects.models import FundEntry, Project

pytestmark = pytest.mark.django_db(transaction=True)

UPLOADS = {"projects/evidence/2026/合同.pdf": b"%PDF-1.4 contract", "reports/circulars/2026/a1b2.docx": b"PK docx bytes"}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, data in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_county(media) -> None:
    demo.build()


@pytest.fixture
def throwaway(tmp_path):
    """A second connection to an empty database of the same kind as the test one."""
    params = connection.settings_dict
    postgres = connection.vendor == "postgresql"
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}" if postgres else str(tmp_path / "restored.sqlite3")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    other = type(connections["default"])({**params, "NAME": name}, alias="restored")
    yield other
    other.close()
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(conn) -> dict[str, list]:
    with conn.cursor() as cursor:
        tables = {}
        for table in conn.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
        return tables


def make_archive(tmp_path: Path, **options) -> Path:
    call_command("backup", "--out", str(tmp_path / "backups"), stdout=io.StringIO(), **options)
    (archive,) = (tmp_path / "backups").glob("zhaoshang-backup-*.tar.gz")
    return archive


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def rewrite(archive: Path, changes: dict[str, bytes]) -> None:
    """The archive with some members' contents replaced (damage, a false manifest)."""
    contents = {**members(archive), **changes}
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def restore_into(other, archive: Path, tmp_path: Path, **options) -> backup.Restored:
    return backup.restore(
        archive, connection=other, media_root=tmp_path / "restored-media", var_dir=tmp_path / "restored-var", report=lambda _: None, **options
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_the_demo_county_round_trips_with_every_row_and_file(demo_county, media, tmp_path, throwaway):
    archive = make_archive(tmp_path)
    manifest = json.loads(members(archive)[backup.MANIFEST])
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["projects_project"] == Project.objects.count() > 0
    assert manifest["tables"]["projects_fundentry"] == FundEntry.objects.count() > 0

    restored = restore_into(throwaway, archive, tmp_path)

    original = every_row(connection)
    assert every_row(throwaway) == original
    assert restored.rows == sum(len(rows) for rows in original.values())
    assert not restored.secret_key
    uploaded = files_under(media)
    assert restored.files == len(uploaded) > len(UPLOADS)  # the demo's evidence too
    assert files_under(tmp_path / "restored-media") == uploaded


def test_restore_refuses_a_database_that_holds_data(media, county, tmp_path):
    archive = make_archive(tmp_path)
    Unit.objects.filter(pk=county.township.pk).update(name="备份之后改的名字")
    with pytest.raises(CommandError, match="当前数据库中已有数据，未做任何改动。确认要用备份覆盖现有数据时，请加 --force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Unit.objects.get(pk=county.township.pk).name == "备份之后改的名字"


def test_a_forced_restore_brings_back_the_data_as_it_was(media, county, tmp_path):
    archive = make_archive(tmp_path)
    Unit.objects.filter(pk=county.township.pk).update(name="备份之后改的名字")
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "恢复完成并已核对" in out.getvalue()
    assert Unit.objects.get(pk=county.township.pk).name == "城关镇"


def test_the_secret_key_is_archived_only_when_asked(media, tmp_path, settings, throwaway):
    assert backup.SECRET_KEY not in members(make_archive(tmp_path / "plain"))
    archive = make_archive(tmp_path / "with-key", with_secret_key=True)
    assert members(archive)[backup.SECRET_KEY] == settings.SECRET_KEY.encode()
    assert restore_into(throwaway, archive, tmp_path).secret_key
    assert (tmp_path / "restored-var" / "secret_key").read_text() == settings.SECRET_KEY


def test_a_damaged_archive_is_refused_before_anything_is_restored(media, tmp_path, throwaway):
    archive = make_archive(tmp_path)
    rewrite(archive, {f"{backup.MEDIA}/reports/circulars/2026/a1b2.docx": b"truncated"})
    with pytest.raises(backup.BackupError, match="备份文件已损坏：media/reports/circulars/2026/a1b2.docx 的校验值与清单不符"):
        restore_into(throwaway, archive, tmp_path)
    assert backup.table_counts(throwaway) == {}
    assert not (tmp_path / "restored-media").exists()


def test_a_restore_that_does_not_match_the_manifest_is_reported(media, county, tmp_path, throwaway):
    archive = make_archive(tmp_path)
    manifest = json.loads(members(archive)[backup.MANIFEST])
    units = manifest["tables"]["organisation_unit"]
    manifest["tables"]["organisation_unit"] = units + 1
    rewrite(archive, {backup.MANIFEST: json.dumps(manifest).encode()})
    with pytest.raises(backup.BackupError, match=f"恢复后核对不一致：表 organisation_unit 应有 {units + 1} 行，实有 {units} 行"):
        restore_into(throwaway, archive, tmp_path)


def test_an_archive_from_another_kind_of_database_is_refused(media, tmp_path, throwaway):
    archive = make_archive(tmp_path)
    manifest = json.loads(members(archive)[backup.MANIFEST])
    manifest["vendor"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    rewrite(archive, {backup.MANIFEST: json.dumps(manifest).encode()})
    with pytest.raises(backup.BackupError, match="数据库，当前数据库是 .*，不能直接恢复"):
        restore_into(throwaway, archive, tmp_path)
