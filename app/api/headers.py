"""Response headers of our own that pages on other origins may read (app/web_safety.py exposes
them through CORS), in a module without imports so that the middleware can name them."""

from __future__ import annotations

# How many comments a network export left out for want of a known author.
UNKNOWN_AUTHORS_HEADER = "X-Parley-Unknown-Author-Comments"
