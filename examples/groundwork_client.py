#!/usr/bin/env python3
"""A minimal Groundwork app client: sign in as a patient, show today's plan, log a session.

It uses only the public API and the Python standard library:

  1. POST /_allauth/app/v1/auth/login      -> a session token (sent as X-Session-Token)
  2. GET  /api/v1/me/plan/                 -> the current plans, with this week's dosage
  3. GET  /api/v1/me/today/                -> today's sessions and their exercises
  4. POST /api/v1/me/sessions/             -> the first due session, every exercise done
  5. DELETE /_allauth/app/v1/auth/session  -> sign out

Usage:
  python examples/groundwork_client.py --base-url http://127.0.0.1:8000 \\
      --email patient@demo.test --password groundwork-demo

The upload carries an idempotency key made here (uuid4). If the connection drops or the server
answers 5xx, the client sends the same upload again with the same key, and the server counts it
once: that is what the key is for.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, date, datetime
from typing import Any

LOGIN = "/_allauth/app/v1/auth/login"
SESSION = "/_allauth/app/v1/auth/session"
RETRIES = 3


class ApiError(Exception):
    """A response outside 2xx, with the API's error shape when there is one."""

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.code = error.get("code", "")
        message = error.get("message") or (body if isinstance(body, str) else "")
        fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.get("fields", {}).items())
        super().__init__(
            " ".join(part for part in (f"HTTP {status}", self.code, message, fields) if part)
        )


class Client:
    def __init__(self, base_url: str, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token: str | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the base URL is the user's own server
            self.base_url + path, data=data, method=method
        )
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("X-Session-Token", self.token)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())

    def call(self, method: str, path: str, body: Any = None) -> Any:
        status, payload = self.request(method, path, body)
        if not 200 <= status < 300:
            raise ApiError(status, payload)
        return payload

    def login(self, email: str, password: str) -> None:
        status, payload = self.request("POST", LOGIN, {"email": email, "password": password})
        if status != 200:
            # 400: wrong email or password; 401: another step is needed first (a second
            # factor, or confirming the email address), listed in data.flows.
            pending = [
                flow["id"]
                for flow in (payload or {}).get("data", {}).get("flows", [])
                if flow.get("is_pending")
            ]
            errors = [e.get("message", "") for e in (payload or {}).get("errors", [])]
            reason = "; ".join(errors) or (f"pending: {', '.join(pending)}" if pending else "")
            raise ApiError(status, f"Sign-in failed. {reason}".strip())
        self.token = payload["meta"]["session_token"]

    def logout(self) -> None:
        # allauth answers 401 once the session is gone: that is the success case here.
        self.request("DELETE", SESSION)
        self.token = None

    def log_session(self, upload: dict[str, Any]) -> tuple[int, Any]:
        """POST the upload, retrying with the same idempotency key on 5xx or a dropped line."""
        for attempt in range(1, RETRIES + 1):
            try:
                status, payload = self.request("POST", "/api/v1/me/sessions/", upload)
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == RETRIES:
                    raise
                time.sleep(attempt)
                continue
            if status >= 500 and attempt < RETRIES:
                time.sleep(attempt)
                continue
            if not 200 <= status < 300:
                raise ApiError(status, payload)
            return status, payload  # 201: logged; 200: the server already had this upload
        raise AssertionError("unreachable")


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def dosage_text(item: dict[str, Any]) -> str:
    if item.get("reps"):
        each = f"{item['reps']} reps"
        if item.get("hold_seconds"):
            each += f", hold {item['hold_seconds']} s"
    elif item.get("work_seconds"):
        each = f"{item['work_seconds']} s"
    elif item.get("hold_seconds"):
        each = f"hold {item['hold_seconds']} s"
    else:
        each = "as prescribed"
    text = f"{item['sets']} × {each}"
    if item.get("side") == "each_side":
        text += ", each side"
    elif item.get("side") in ("left", "right"):
        text += f", {item['side']} side"
    return text


def print_plan(plans: dict[str, Any], today: dict[str, Any]) -> None:
    day = date.fromisoformat(today["day"])
    print(f"Today: {day:%A %d %B %Y}")
    if not plans["plans"]:
        print("You have no plan at the moment.")
        return
    for plan in plans["plans"]:
        by = f", from {plan['practitioner']}" if plan.get("practitioner") else ""
        print(f"Plan: {plan['name']} (week {plan['week_number']}{by})")
    if not today["sessions"]:
        print("Nothing is scheduled today: a rest day.")
    several = len(plans["plans"]) > 1
    for session in today["sessions"]:
        minutes = max(1, round(session["seconds"] / 60))
        of_plan = f" ({session['plan_name']})" if several else ""
        print(f"  Session {session['number']}{of_plan}: {session['state']}, about {minutes} min")
        for item in session["items"]:
            note = f" ({item['note']})" if item.get("note") else ""
            print(f"    - {item['exercise_name']}: {dosage_text(item)}{note}")


def session_upload(session: dict[str, Any], day: str) -> dict[str, Any]:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "plan_id": session["plan_id"],
        "scheduled_on": day,
        "session_number": session["number"],
        "performed_at": datetime.now(UTC).isoformat(),
        "exercises": [
            {
                "plan_item_id": item["plan_item_id"],
                "status": "done",
                "sets_done": item["sets"],
                "reps_done": item.get("reps"),
            }
            for item in session["items"]
        ],
    }


def run(args: argparse.Namespace) -> int:
    client = Client(args.base_url)
    client.login(args.email, args.password)
    print(f"Signed in as {args.email}")
    try:
        try:
            plans = client.call("GET", "/api/v1/me/plan/")
            today = client.call("GET", "/api/v1/me/today/")
        except ApiError as error:
            if error.code == "onboarding_required":
                print(f"Your plan is not open yet: {error.body['error']['message']}")
                return 2
            raise
        print_plan(plans, today)

        due = next((s for s in today["sessions"] if s["state"] == "due"), None)
        if args.no_log:
            return 0
        if due is None:
            print("No session is due now: nothing to log.")
            return 0
        status, result = client.log_session(session_upload(due, today["day"]))
        logged = result["session"]
        done = sum(1 for e in logged["exercises"] if e["status"] == "done")
        verb = "Logged" if status == 201 else "Already logged"
        print(
            f"{verb} session {logged['session_number']} of {logged['scheduled_on']}: "
            f"{done} of {len(logged['exercises'])} exercises done (log {logged['id']})."
        )
        if result.get("advice"):
            print(f"Advice: {result['advice']}")
        return 0
    finally:
        client.logout()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Sign in as a patient, show today's plan and log the first due session."
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--no-log", action="store_true", help="Only show today's plan; log nothing."
    )
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ApiError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except urllib.error.URLError as error:
        print(f"Cannot reach {args.base_url}: {error.reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
