"""What the format modules share. Nothing here declares a FORMAT or does I/O.

By concept: `problems` (collecting what is wrong with an input), `identity` (a thread's platform
and external id), `values` (reading single values), `drafts` (the one thread draft every format
fills), `reports` (drafts into imported threads and their reports), `detection` (cheap looks for
`detect` that never raise), `records` (JSON documents and lines, refused with located problems),
`csv_rows` (the one CSV reader and header sniffer) and `graph_api` (Facebook and Instagram Graph
API pages). By platform family: `youtube`, `tiktok`, `reddit`, `twitter` and `instagram_apify`.
"""
