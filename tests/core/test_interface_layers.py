"""Pages, API classes, forms and template tags read through selectors and write through services:
none of them reaches a model manager itself. The equivalent of

    grep -rn "\\.objects\\." */views* */apis* */forms.py */templatetags

over the project's own apps (not .venv, migrations or tests), which must find nothing."""

import re
from pathlib import Path

from django.conf import settings

MANAGER = re.compile(r"\.objects\.")


def project_apps() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [
        root / name
        for name in settings.INSTALLED_APPS
        if "." not in name and (root / name / "apps.py").exists()
    ]


def interface_modules() -> list[Path]:
    """Each app's views and apis (module or package), forms.py and template tags."""
    found: list[Path] = []
    for app in project_apps():
        for name in ("views", "apis"):
            if (app / f"{name}.py").exists():
                found.append(app / f"{name}.py")
            if (app / name).is_dir():
                found += sorted((app / name).rglob("*.py"))
        if (app / "forms.py").exists():
            found.append(app / "forms.py")
        if (app / "templatetags").is_dir():
            found += sorted((app / "templatetags").rglob("*.py"))
    return found


def test_the_scan_sees_every_kind_of_interface_module():
    names = {str(path.relative_to(settings.BASE_DIR)) for path in interface_modules()}

    assert {
        "alerts/views.py",
        "tracking/views/patient.py",
        "programs/apis/plans.py",
        "onboarding/apis.py",
        "exercises/forms.py",
        "tracking/templatetags/tracking.py",
    } <= names


def test_no_view_api_form_or_template_tag_touches_a_model_manager():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in interface_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if MANAGER.search(line)
    ]

    assert not offenders, "read through a selector, write through a service:\n" + "\n".join(
        offenders
    )
