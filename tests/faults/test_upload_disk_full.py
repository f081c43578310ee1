"""The upload folder's disk is full (issue 9, fault 4).

As root, the upload folder is a tiny tmpfs (``mount -t tmpfs -o size=512k``) filled with a
filler file, so the kernel itself answers ``ENOSPC``; where mounting is not allowed, the
write of every upload raises ``OSError(ENOSPC)`` half-way through instead (``disk.mode`` says
which ran; the test prints it; ``FIRESVC_FAULTS_UPLOAD_DISK=simulated`` forces the fallback). What a user expects:

- a citizen's hazard report with photos: nothing is stored and the form comes back with
  everything typed and a clear error (send again without photos, or later; call 119 for a fire);
- an enterprise's material: the application stays as it was and the page says the file could
  not be stored, try again later.

No partly written file, no row without its file, no audit event for what did not happen; once
space is freed the same upload works.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ApplicationMaterial
from feedback.hazard_reports.models import HazardPhoto, HazardReport
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification, OutboxMessage
from firesvc.sla.models import Clock
from tests.approvals.conftest import PROJECT, approvals_world, make_draft  # noqa: F401  (fixture)
from tests.faults.conftest import assert_audit_chain_intact
from tests.hazard_reports.conftest import form_data, jpeg_bytes, place  # noqa: F401  (fixture)

pytestmark = pytest.mark.faults

FILLER = "filler.bin"


class UploadDisk:
    def __init__(self, path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path, self.mode, self._monkeypatch = path, mode, monkeypatch

    def fill(self, *, leave: int = 0) -> None:
        """Take all but ``leave`` bytes of the disk."""
        if self.mode == "simulated":
            def chunks(content: ContentFile, chunk_size: int | None = None) -> Iterator[bytes]:
                data = content.read()
                yield data[: len(data) // 2]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            self._monkeypatch.setattr(ContentFile, "chunks", chunks)
            return
        with open(self.path / FILLER, "ab") as fh:
            while True:
                stat = os.statvfs(self.path)
                free = stat.f_bavail * stat.f_frsize
                if free <= leave:
                    break
                try:
                    fh.write(b"\0" * min(free - leave, 64 * 1024))
                    fh.flush()
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break

    def free(self) -> None:
        if self.mode == "simulated":
            self._monkeypatch.undo()
            return
        (self.path / FILLER).unlink()

    def uploads(self) -> list[str]:
        """Every file under the upload folder except the filler (partial files included)."""
        return sorted(str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file() and p.name != FILLER)


@pytest.fixture
def disk(settings, monkeypatch) -> Iterator[UploadDisk]:  # type: ignore[no-untyped-def]
    path = Path(tempfile.mkdtemp(prefix="firesvc-faults-media-"))
    mode = "simulated"
    # FIRESVC_FAULTS_UPLOAD_DISK=simulated runs the fallback even where mounting works.
    if os.geteuid() == 0 and shutil.which("mount") and os.environ.get("FIRESVC_FAULTS_UPLOAD_DISK") != "simulated":
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(path)],
                                 capture_output=True, check=False)
        mode = "tmpfs" if mounted.returncode == 0 else mode
    if mode == "simulated" and os.environ.get("FIRESVC_REQUIRE_TMPFS"):
        pytest.fail("could not mount a tmpfs for the upload folder")
    print(f"upload disk: {mode}")  # which variant ran, in the -s / -rA output
    settings.MEDIA_ROOT = str(path)
    try:
        yield UploadDisk(path, mode, monkeypatch)
    finally:
        if mode == "tmpfs":
            subprocess.run(["umount", str(path)], capture_output=True, check=False)
        shutil.rmtree(path, ignore_errors=True)


def _counts() -> dict[str, int]:
    return {"reports": HazardReport.objects.count(), "photos": HazardPhoto.objects.count(),
            "clocks": Clock.objects.count(), "notifications": Notification.objects.count(),
            "materials": ApplicationMaterial.objects.count(), "outbox": OutboxMessage.objects.count(),
            "events": AuditEvent.objects.count()}


def test_a_hazard_report_whose_photo_does_not_fit_comes_back_as_typed_and_stores_nothing(
        client, place, disk) -> None:  # noqa: F811
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    before = _counts()
    data = form_data(place, description="楼道里的电线冒烟", address="友谊街99号", reporter_phone="13800001111")
    # given: the upload disk is full
    disk.fill()
    # when: a citizen sends a report with a photo
    response = client.post("/reports/", {**data, "photos": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")})
    # then: the form comes back with what was typed and a clear error; nothing is stored
    page = response.content.decode()
    assert response.status_code == 503
    assert "The server could not store the photos" in page
    assert "call 119" in page
    assert "楼道里的电线冒烟" in page
    assert "友谊街99号" in page
    assert "13800001111" in page
    assert _counts() == before
    assert disk.uploads() == []  # no partial photo file
    assert_audit_chain_intact(events=before["events"])
    # when: space is freed and the citizen sends the form again
    disk.free()
    response = client.post("/reports/", {**data, "photos": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")})
    # then: one report with its photo, its two clocks, its notice to the duty officer and three audit events
    report = HazardReport.objects.get(description="楼道里的电线冒烟")
    assert response.status_code == 302
    assert response["Location"] == report.get_tracking_url()
    assert _counts() == {**before, "reports": before["reports"] + 1, "photos": before["photos"] + 1,
                         "clocks": before["clocks"] + 2, "notifications": before["notifications"] + 1,
                         "events": before["events"] + 3}
    assert disk.uploads() == [report.photos.get().image.name]
    assert_audit_chain_intact(events=before["events"] + 3)


def test_a_material_that_does_not_fit_is_refused_clearly_and_the_application_is_kept(
        client, approvals_world, disk) -> None:  # noqa: F811
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    application = make_draft(approvals_world, upload=False)
    requirement = application.required_items.select_related("requirement").first().requirement
    client.force_login(approvals_world["applicant"])
    pdf = b"%PDF-1.4\n" + os.urandom(300 * 1024) + b"\n%%EOF\n"  # larger than the space left: a partial write
    url = reverse("approvals:upload", args=[application.pk, requirement.pk])
    before = _counts()
    # given: 64 KiB left on the upload disk
    disk.fill(leave=64 * 1024)
    # when: the applicant uploads a 300 KiB material
    response = client.post(url, {"file": SimpleUploadedFile("plan.pdf", pdf, "application/pdf")}, follow=True)
    # then: the page says so; the application, its fields and the disk are as before
    assert response.status_code == 200
    assert f"{requirement.name}: The server could not store the file. Please try again later" in \
        response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.project_name, application.contact_phone) == (
        "draft", PROJECT["project_name"], PROJECT["contact_phone"])
    assert _counts() == before
    assert disk.uploads() == []  # the partly written file was removed
    assert_audit_chain_intact(events=before["events"])
    # when: space is freed and the applicant uploads again
    disk.free()
    client.post(url, {"file": SimpleUploadedFile("plan.pdf", pdf, "application/pdf")})
    # then: exactly one material, its file complete on disk, one audit event
    material = ApplicationMaterial.objects.get(application=application)
    assert (material.version, material.size) == (1, len(pdf))
    assert _counts() == {**before, "materials": before["materials"] + 1, "events": before["events"] + 1}
    assert disk.uploads() == [material.file.name]
    assert (disk.path / material.file.name).read_bytes() == pdf
    assert_audit_chain_intact(events=before["events"] + 1)


def test_the_storage_removes_a_partly_written_file_and_names_the_full_disk(disk) -> None:
    from firesvc.core.storage import PortalFileSystemStorage, StorageFullError

    storage = PortalFileSystemStorage(location=str(disk.path))
    disk.fill(leave=16 * 1024)
    with pytest.raises(StorageFullError) as raised:
        storage.save("big/file.bin", ContentFile(os.urandom(200 * 1024)))
    assert raised.value.errno == errno.ENOSPC
    assert disk.uploads() == []
    disk.free()
    name = storage.save("big/file.bin", ContentFile(b"x" * 1000))
    assert disk.uploads() == [name]
    assert (disk.path / name).stat().st_size == 1000


def test_a_report_whose_second_photo_does_not_fit_leaves_neither_photo_behind(
        client, place, settings, tmp_path, monkeypatch) -> None:  # noqa: F811
    # given: the disk takes one photo and is full at the second (simulated: the second write fails)
    settings.MEDIA_ROOT = str(tmp_path)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    writes: list[int] = []
    real_chunks = ContentFile.chunks

    def chunks(content: ContentFile, chunk_size: int | None = None) -> Iterator[bytes]:
        writes.append(1)
        if len(writes) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        yield from real_chunks(content, chunk_size)

    monkeypatch.setattr(ContentFile, "chunks", chunks)
    before = _counts()
    photos = [SimpleUploadedFile(f"p{n}.jpg", jpeg_bytes(color=color), "image/jpeg")
              for n, color in enumerate(("red", "blue"))]
    # when
    response = client.post("/reports/", {**form_data(place, description="两张照片"), "photos": photos})
    # then: the first photo's file went with the rolled-back report
    assert response.status_code == 503
    assert "两张照片" in response.content.decode()
    assert len(writes) == 2
    assert _counts() == before
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
