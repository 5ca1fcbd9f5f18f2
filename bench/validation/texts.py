"""The prose of docs/validation.md around its generated tables."""

INTRO = """# Validating the Dialogue Score

Does the Dialogue Score rank comment sections the way people reading them do? This page answers
with a development set of our own (issue 10), made and rated as
`../shared/reference/dialogue-rubric.md` asks. It is generated, tables and all, by

    {command}

run from the repository root with `../shared` next to it (about half a minute: every item
is re-imported and measured).

## The set

- **Sections.** `python -m bench.validation.items` drew {items} comment sections in two rounds
  from the public exports in `../shared/data`, each imported exactly as an upload would be. A
  section is a whole thread of at most 120 comments or, on YouTube and for larger Reddit threads,
  one top-level comment with all its replies. Size classes: small 3-9 comments, medium 10-39,
  large 40-120. Round 1: nine sections per platform x size class; round 2: sixteen per
  platform (6 small, 6 medium, 4 large) — where the data allow (a platform short in one class
  fills from its other classes: see the table), taken in turn from each dataset of the platform
  so small datasets count too. Round 2 leans to small sections (Facebook has only small ones
  left), which are easier to rank: read the per-platform columns, not only the overall one.
  `bench/validation/items.csv` lists them, without comment text.
- **Rounds and split.** Round 1 (seed 10, 162 items, ids without prefix) was first split into
  a dev and a held-out half. v2's first version was fitted on that dev half and evaluated once on
  that held-out half (Spearman 0.846, category agreement 67 %, below the goals); after that look
  the held-out half could no longer count as unseen, so all of round 1 became `dev` and round 2
  (seed 20, ids `r2-…`) was drawn as the `test` set: sections of threads not used in round 1
  (for YouTube, whose five videos are all in round 1: sub-threads not used in round 1), rated
  blind by fresh raters. Weights and thresholds are fitted on `dev` only
  (`python -m bench.validation.fit`); `test` is for reporting and is never fitted on.
- **Ratings.** Two raters worked independently and blind: each saw only the rubric and the
  rendered sections (authors pseudonymised, never a computed metric, never the other's answers)
  and gave a level 0-3 (broadcast, reactive, conversational, deliberative), an exchange_share, a
  tag_share and a note (`bench/validation/ratings/`). They are blind model raters, as the
  rubric allows, each a fresh instance given nothing but the rubric and its batch files: in
  round 1 each of A and B ran as two instances, one per half of the items; in round 2 as one
  instance for the first 96 items and another for the YouTube batch.
"""

RESULTS = """## Results on the {split} part

Each item is measured as an upload is: `nlp.analyze.analyze_thread` with the service's text
analyzer, every numeric metric of the registry (`metrics.sortable()`) read from the stored
columns. An item's rater level is the mean of the two raters' levels. Score rows are labelled by
score version: `dialogue_score_v1` is version 1 (`nlp.score.dialogue_score_of`); a newer version
gets its own row next to it. A negative rho means the metric ranks the items the other way round.
"""

OUTRO = """## Features for fitting

`python -m bench.validation --features PATH` writes every item (all splits) with its platform,
size class, split, the raters' mean level, exchange_share and tag_share, every numeric metric and
each score version's category (0-3): the input for fitting the score on the `dev` part.
"""
