"""/v1/imports: import jobs, for uploads too large or too slow to analyse within a request."""

IMPORTS_PATH = "/v1/imports"
