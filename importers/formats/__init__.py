"""One module per supported input format; each defines `FORMAT: ImportFormat`."""
