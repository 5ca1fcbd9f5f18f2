"""/v1/creators: accounts and their communities across their stored posts."""
