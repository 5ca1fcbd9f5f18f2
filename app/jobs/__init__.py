"""Import jobs: an upload stored at once and imported in the background, unit by unit."""
