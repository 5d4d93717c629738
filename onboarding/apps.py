from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = "Onboarding: screening, consent, clearance"

    def ready(self) -> None:
        from onboarding import exports  # noqa: F401 - registers its part of the data download
