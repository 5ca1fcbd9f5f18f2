"""The `parley` command line (entry point: app.cli.main:main)."""
