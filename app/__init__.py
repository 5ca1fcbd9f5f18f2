"""Parley's service: the HTTP API (api/), the `parley` command (cli/) and what they share."""
