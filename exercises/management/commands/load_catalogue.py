import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinics.models import Clinic
from core.errors import DomainError
from exercises.services import catalogue_import

DEFAULT_PATH = settings.BASE_DIR / "exercises" / "catalogue" / "catalogue.json"


def clinic_by_slug(slug: str | None) -> Clinic | None:
    if slug is None:
        return None
    clinic = Clinic.objects.filter(slug=slug).first()
    if clinic is None:
        raise CommandError(f"No clinic with the slug {slug!r}.")
    return clinic


class Command(BaseCommand):
    help = (
        "Load (or refresh) the exercise catalogue from a JSON file; idempotent and all-or-nothing. "
        "Exercises are matched by slug and sources by key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", default=str(DEFAULT_PATH), help=f"default: {DEFAULT_PATH}"
        )
        parser.add_argument(
            "--clinic", metavar="SLUG", help="Load as this clinic's private exercises."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        clinic = clinic_by_slug(options["clinic"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid JSON: {error}. Nothing was loaded.") from None
        target = f"clinic {clinic.slug}" if clinic else "the global catalogue"
        self.stdout.write(f"Loading {path.name} into {target}…")
        try:
            result = catalogue_import(
                data=data,
                clinic=clinic,
                progress=lambda line: self.stdout.write(f"  {line}"),
            )
        except DomainError as error:
            raise CommandError(f"{path.name}: {error.message} Nothing was loaded.") from None
        self.stdout.write(self.style.SUCCESS(result.summary))
