"""/v1/keys: create, list and revoke API keys (the master key only)."""
