"""Reading settings from the environment, strictly.

Every reader names the variable in its error, so a typo in a deployment stops start-up with a
message that says what to fix instead of silently falling back to a default.
"""

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class EnvReader:
    def __init__(self, environ_map: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ_map is None else environ_map

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def string(self, name: str, default: str) -> str:
        return self.raw(name) or default

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name) or default
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(choices)}; got {value!r}."
            )
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no); got {value!r}.")

    def integer(self, name: str, default: int, *, minimum: int, maximum: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
        if not minimum <= number <= maximum:
            raise ImproperlyConfigured(
                f"{name} must be between {minimum} and {maximum}; got {number}."
            )
        return number

    def csv_list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def timezone(self, name: str, default: str) -> str:
        value = self.raw(name) or default
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"{name} must be an IANA time zone such as Europe/London; got {value!r}."
            ) from None
        return value

    def database(self, name: str, default: str) -> dict[str, Any]:
        url = self.raw(name) or default
        scheme = urlsplit(url).scheme
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(
                f"{name} must be a sqlite:/// or postgres:// URL; got scheme {scheme!r}."
            )
        try:
            config: dict[str, Any] = environ.Env.db_url_config(url)
        except Exception as error:
            raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None
        if scheme != "sqlite" and not config.get("NAME"):
            raise ImproperlyConfigured(
                f"{name} must name a database, e.g. postgres://host/groundwork."
            )
        return config

    def url(self, name: str, default: str, *, schemes: tuple[str, ...]) -> str:
        url = self.raw(name) or default
        scheme = urlsplit(url).scheme
        if scheme not in schemes:
            raise ImproperlyConfigured(
                f"{name} must be a URL with scheme {' or '.join(schemes)}; got {url!r}."
            )
        return url

    def email(self, name: str, default: str) -> dict[str, Any]:
        url = self.raw(name) or default
        try:
            return dict(environ.Env.email_url_config(url))
        except Exception as error:
            raise ImproperlyConfigured(f"{name} is not a valid email URL: {error}") from None

    def require(self, names: list[str], *, why: str) -> None:
        missing = [name for name in names if self.raw(name) is None]
        if missing:
            raise ImproperlyConfigured(
                f"Missing environment variable(s) {', '.join(missing)}: {why}. "
                "See the Configuration section of README.md."
            )
