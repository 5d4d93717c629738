"""The patient's reminder settings over the API."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorOutput, actor
from patients.permissions import IsPatient, request_patient
from reminders.channels import channel_choices
from reminders.models import MAX_SESSIONS_PER_DAY, ReminderPreference
from reminders.services import (
    PreferenceInput,
    preference_times,
    reminder_preference_get,
    reminder_preference_update,
    sessions_per_day_for,
)

TIME_FORMAT = "%H:%M"


# OpenAPI's "time" format is RFC 3339's HH:MM:SS with a UTC offset; these are local HH:MM.
@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "example": "08:00"}
)
class LocalTimeField(serializers.TimeField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=TIME_FORMAT, input_formats=[TIME_FORMAT], **kwargs)


def _time_field(**kwargs: Any) -> serializers.TimeField:
    return LocalTimeField(**kwargs)


def preference_payload(preference: ReminderPreference, count: int) -> dict[str, Any]:
    return {
        "enabled": preference.enabled,
        "times": preference_times(preference, count),
        "sessions_per_day": count,
        "timezone": preference.timezone,
        "effective_timezone": preference.effective_zone_name(),
        "quiet_start": preference.quiet_start,
        "quiet_end": preference.quiet_end,
        "channel": preference.channel,
        "channels": [{"key": key, "label": label} for key, label in channel_choices()],
    }


class MyRemindersApi(APIView):
    """Your reminders: on or off, a local time for each of the day's sessions, your time zone
    (empty: your clinic's), quiet hours (may wrap midnight) and how they reach you."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema_serializer(component_name="ReminderSettings")
    class Output(serializers.Serializer):
        @extend_schema_serializer(component_name="ReminderChannel")
        class ChannelOutput(serializers.Serializer):
            key = serializers.CharField()
            # Declared fields are taken off the class by DRF's metaclass, so this name is safe.
            label = serializers.CharField()  # type: ignore[assignment]

        enabled = serializers.BooleanField()
        times = serializers.ListField(
            child=_time_field(), help_text="HH:MM, local; one per session of the day, in order."
        )
        sessions_per_day = serializers.IntegerField()
        timezone = serializers.CharField(help_text="IANA zone; empty means the clinic's.")
        effective_timezone = serializers.CharField()
        quiet_start = _time_field(allow_null=True)
        quiet_end = _time_field(allow_null=True)
        channel = serializers.CharField()
        channels = ChannelOutput(many=True, help_text="The channels you can choose.")

    @extend_schema_serializer(component_name="ReminderSettingsInput")
    class Input(serializers.Serializer):
        enabled = serializers.BooleanField()
        times = serializers.ListField(
            child=_time_field(),
            min_length=1,
            max_length=MAX_SESSIONS_PER_DAY,
            help_text="HH:MM, local; exactly one per session of the day (sessions_per_day).",
        )
        timezone = serializers.CharField(
            max_length=64,
            allow_blank=True,
            required=False,
            default="",
            help_text="IANA zone such as Europe/London; empty for your clinic's.",
        )
        quiet_start = _time_field(allow_null=True, required=False, default=None)
        quiet_end = _time_field(allow_null=True, required=False, default=None)
        channel = serializers.ChoiceField(choices=channel_choices())

    @extend_schema(operation_id="me_reminders_retrieve", responses={200: Output, 403: ErrorOutput})
    def get(self, request: Request) -> Response:
        patient = request_patient(request)
        preference = reminder_preference_get(patient=patient)
        return Response(
            self.Output(preference_payload(preference, sessions_per_day_for(patient))).data
        )

    @extend_schema(
        operation_id="me_reminders_update",
        request=Input,
        responses={200: Output, 400: ErrorOutput, 403: ErrorOutput},
    )
    def put(self, request: Request) -> Response:
        patient = request_patient(request)
        serializer = self.Input(data=request.data)
        serializer.is_valid(raise_exception=True)
        preference = reminder_preference_update(
            patient=patient,
            data=PreferenceInput(**serializer.validated_data),
            acting_user=actor(request),
        )
        return Response(
            self.Output(preference_payload(preference, sessions_per_day_for(patient))).data
        )
