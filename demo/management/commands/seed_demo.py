from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.seed import DEMO_LOGINS, demo_seed


class Command(BaseCommand):
    help = "Create or refresh the demo clinics and their logins (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Allow running with production settings."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a shared, known password; it refuses to run with "
                "DJANGO_ENV=production. Add --force if you really mean to."
            )
        demo_seed(
            password=settings.DEMO_PASSWORD,
            progress=lambda step: self.stdout.write(f"  seeding {step}…"),
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (password: DEMO_PASSWORD):"))
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<30} {login.role}")
