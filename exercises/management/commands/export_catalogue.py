import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from exercises.management.commands.load_catalogue import clinic_by_slug
from exercises.selectors import catalogue_export


class Command(BaseCommand):
    help = (
        "Write the global catalogue (or one clinic's private exercises), every status, as JSON "
        "that load_catalogue reads back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", metavar="SLUG", help="Export this clinic's exercises.")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to this file instead of stdout."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        document = catalogue_export(clinic=clinic_by_slug(options["clinic"]))
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(
                f"Wrote {len(document['exercises'])} exercises to {options['output']}."
            )
        else:
            self.stdout.write(text, ending="")
