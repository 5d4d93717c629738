"""How many queries one API request costs: list endpoints must cost the same for 1 row and 50."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient


def api_as(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def queries_for(client: APIClient, url: str, *, rows: int) -> int:
    """The queries of a GET that must answer `rows` rows on one page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == rows
    return len(captured.captured_queries)
