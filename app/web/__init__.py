"""The HTML pages: the thread list and a thread's page (routes, what they show, templates)."""

from __future__ import annotations

# The pages' route templates: app/web_safety.py gives them their own content security policy.
LIST_PAGE = "/"
THREAD_PAGE = "/threads/{thread_id}"
WEB_PAGES = (LIST_PAGE, THREAD_PAGE)
