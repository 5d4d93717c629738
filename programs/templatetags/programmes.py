"""Template filters for programme pages."""

from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as people say them: "45 s", "about 3 min", "about 1 h 5 min"."""
    seconds = int(seconds or 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes = -(-seconds // 60)  # rounded up, so "over budget" never reads as "about 20 min"
    if minutes < 60:
        return f"about {minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h {rest} min" if rest else f"about {hours} h"
