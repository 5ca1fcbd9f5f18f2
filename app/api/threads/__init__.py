"""/v1/threads: upload a comment export, list, read and delete stored threads."""
