from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self) -> None:
        from programs import exports  # noqa: F401 - registers its part of the data download
