"""/v1/report: the comparison report as one self-contained HTML page."""
