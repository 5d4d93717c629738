"""Pages of programmes and plans (programs.urls maps them).

Pages read through the selectors, so another clinic's object is a 404, and write through the
services, which hold every rule; a view shows a DomainError beside the fields it names.
"""
