"""load_catalogue and export_catalogue: thin wrappers with clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exercises.models import Exercise, Source
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_load_catalogue_reports_one_line_per_exercise():
    # when
    first = _load()
    second = _load()

    # then
    assert Exercise.objects.count() == 12
    assert sum(line.strip().startswith("created") for line in first.splitlines()) == 12
    assert "12 exercises: 12 created, 0 updated, 0 unchanged" in first
    assert "12 exercises: 0 created, 0 updated, 12 unchanged" in second


def test_malformed_json_is_a_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "groundwork-catalogue", ', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json is not valid JSON: .*line 1"):
        _load(str(path))
    assert not Exercise.objects.exists()


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _load(str(tmp_path / "nope.json"))


def test_invalid_record_is_a_command_error_naming_record_and_field(tmp_path, catalogue_data):
    # given
    catalogue_data["exercises"][4]["equipment"] = ["resistance_band", "trampoline"]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(catalogue_data), encoding="utf-8")

    # when / then
    with pytest.raises(CommandError) as raised:
        _load(str(path))
    message = str(raised.value)
    assert "exercises[4] (resisted-dorsiflexion), field 'equipment'" in message
    assert "'trampoline'" in message
    assert "Nothing was loaded." in message
    assert not Exercise.objects.exists()
    assert not Source.objects.exists()


def test_unknown_clinic_is_a_command_error():
    with pytest.raises(CommandError, match="No clinic with the slug 'nowhere'"):
        _load("--clinic", "nowhere")


def test_export_then_load_into_a_clinic(tmp_path):
    # given a clinic file made from the global export, with its own slugs
    _load()
    clinic = ClinicFactory(slug="demo")
    exported = tmp_path / "export.json"
    call_command("export_catalogue", "-o", str(exported), stderr=StringIO())
    document = json.loads(exported.read_text(encoding="utf-8"))
    for record in document["exercises"]:
        record["slug"] += "-demo"
    clinic_file = tmp_path / "clinic.json"
    clinic_file.write_text(json.dumps(document), encoding="utf-8")

    # when
    output = _load(str(clinic_file), "--clinic", "demo")

    # then
    assert "into clinic demo" in output
    assert Exercise.objects.filter(clinic=clinic).count() == 12
    out = StringIO()
    call_command("export_catalogue", "--clinic", "demo", stdout=out)
    assert len(json.loads(out.getvalue())["exercises"]) == 12
