"""``manage.py load_holidays 2027 docs/holidays/2027.txt``: enter a year's State Council notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from firesvc.workcalendar.enums import DayKind
from firesvc.workcalendar.notice import NoticeError, parse_notice
from firesvc.workcalendar.services import calendar_year_load


class Command(BaseCommand):
    help = ("Load a year's holidays and make-up working days from a text file (one entry a line: "
            "'2027-01-01 holiday 元旦', '2027-02-06..2027-02-12 holiday 春节', '2027-02-14 workday 春节调休'). "
            "Replaces that year's entries and marks the year complete; nothing is saved if any line is wrong.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument("--actor", default="", help="Username recorded in the audit trail (default: system).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args: Any, year: int, file: Path, actor: str, dry_run: bool, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise CommandError(_("%(file)s: no such file") % {"file": file}) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(file)s: not UTF-8 text (line %(line)d)")
                               % {"file": file, "line": exc.object[: exc.start].count(b"\n") + 1}) from exc
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            notice = parse_notice(text, year=year)
        except NoticeError as exc:
            lines = [f"{file}: {problem}" for problem in exc.problems]
            raise CommandError("\n".join([*lines, _("Nothing was saved.")])) from exc
        user = None
        if actor:
            user = get_user_model().objects.filter(username=actor, is_active=True).first()
            if user is None:
                raise CommandError(_("No active user named %(name)s.") % {"name": actor})
        holidays = sum(1 for e in notice.entries if e.kind == DayKind.HOLIDAY)
        workdays = len(notice.entries) - holidays
        summary = _("%(year)d: %(holidays)d holiday dates, %(workdays)d make-up working days") % {
            "year": year, "holidays": holidays, "workdays": workdays}
        if dry_run:
            self.stdout.write(_("The file is correct (nothing saved): %(summary)s.") % {"summary": summary})
            return
        try:
            calendar_year_load(year=year, entries=notice.entries, actor=user, source=notice.title or file.name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(_("Loaded %(summary)s.") % {"summary": summary}))
