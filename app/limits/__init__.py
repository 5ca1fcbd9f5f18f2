"""Limits that hold before the damage: bodies, connections and expensive work."""
