"""/v1/platforms, /v1/tags and /v1/compare: groups of stored threads side by side."""
