"""A development set of our own (issue 10): comment sections from ../shared/data, rendered for
raters by the rubric in shared/reference/dialogue-rubric.md, and the raters' agreement.

- `sections`: what counts as one section (a whole thread or a sub-thread) and its size class.
- `sample`: the seeded choice of sections per platform x size class, the dev/held-out split and
  the rating batches.
- `render`: the text a rater reads.
- `shared`: reading ../shared/data through `bench.datasets` and `importers.registry`.
- `items`: the command that writes items.csv and the renderings.
- `agreement`: agreement between the two raters' CSVs.
"""
