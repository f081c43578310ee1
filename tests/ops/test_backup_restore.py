"""scripts/backup.sh + scripts/restore.sh round trip on PostgreSQL (skipped on SQLite).

Given rows (with audit events) and an uploaded file, a backup, then changes after it; restoring
into a fresh database and an empty folder gives back the rows and the file as they were at the
backup, with an intact audit chain.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from firesvc.accounts.models import OrgUnit
from firesvc.audit.models import AuditEvent
from firesvc.audit.services import audit_record
from tests.factories import unit_chain

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="backup and restore need PostgreSQL (DATABASE_URL)"),
]


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgresql://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
                          check=False)


def _sql(url: str, query: str) -> str:
    result = _run(["psql", url, "-tAc", query])
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def fresh_database():  # type: ignore[no-untyped-def]
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin_url = _url("postgres")
    _sql(admin_url, f'CREATE DATABASE "{name}"')
    yield _url(name)
    _sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_a_fresh_database_gives_back_rows_file_and_audit(
        settings, tmp_path, fresh_database) -> None:
    # given: units with audit events and an uploaded file
    settings.MEDIA_ROOT = tmp_path / "media"
    units = unit_chain("bk")
    with transaction.atomic():
        for unit in units.values():
            audit_record(actor=None, obj=unit, action="unit.create", to_state=unit.name, unit=unit)
    stored = default_storage.save("materials/2026/报告.pdf", ContentFile(b"%PDF-1.4 backup me"))
    unit_count = OrgUnit.objects.count()
    event_count = AuditEvent.objects.count()

    # when: a backup is taken, then the data changes
    backup = _run(["bash", "scripts/backup.sh", str(tmp_path / "backups")],
                  DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    extra = unit_chain("after")["detachment"]
    with transaction.atomic():
        audit_record(actor=None, obj=extra, action="unit.create", to_state=extra.name, unit=extra)
    default_storage.delete(stored)

    # and it is restored into a fresh database and an empty upload folder
    restored_media = tmp_path / "restored-media"
    restore = _run(["bash", "scripts/restore.sh", str(folder)],
                   DATABASE_URL=fresh_database, MEDIA_ROOT=str(restored_media))
    assert restore.returncode == 0, restore.stderr

    # then: the rows and the file are those of the backup, and the audit chain is intact
    assert int(_sql(fresh_database, "SELECT count(*) FROM accounts_orgunit")) == unit_count
    assert int(_sql(fresh_database, "SELECT count(*) FROM audit_auditevent")) == event_count
    assert _sql(fresh_database, "SELECT count(*) FROM accounts_orgunit WHERE code = 'after'") == "0"
    assert (restored_media / stored).read_bytes() == b"%PDF-1.4 backup me"
    verify = _run([sys.executable, "manage.py", "verify_audit"], DATABASE_URL=fresh_database,
                  DJANGO_SETTINGS_MODULE="firesvc.settings.test")
    assert verify.returncode == 0, verify.stderr
    assert f"{event_count} events" in verify.stdout


def test_restore_refuses_a_database_that_is_not_empty(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    url = _url(connection.settings_dict["NAME"])
    backup = _run(["bash", "scripts/backup.sh", str(tmp_path / "backups")], DATABASE_URL=url,
                  MEDIA_ROOT=str(settings.MEDIA_ROOT))
    folder = backup.stdout.strip().splitlines()[-1]
    restore = _run(["bash", "scripts/restore.sh", folder], DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "other"))
    assert restore.returncode == 1
    assert "already has" in restore.stderr


def test_restore_refuses_a_damaged_backup(settings, tmp_path, fresh_database) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = _run(["bash", "scripts/backup.sh", str(tmp_path / "backups")],
                  DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    folder = Path(backup.stdout.strip().splitlines()[-1])
    with (folder / "db.dump").open("ab") as dump:
        dump.write(b"tampered")
    restore = _run(["bash", "scripts/restore.sh", str(folder)], DATABASE_URL=fresh_database,
                   MEDIA_ROOT=str(tmp_path / "restored"))
    assert restore.returncode == 1
    assert "checksum" in restore.stderr
    assert _sql(fresh_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0"
