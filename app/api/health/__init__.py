"""/healthz and /readyz: liveness and readiness."""
