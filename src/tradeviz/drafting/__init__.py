"""Reading trade claims out of an article: its header block, a grammar for English and Russian.

``tradeviz.drafting.header`` splits an article into its ``key: value`` header and its body (the
text that claims' offsets count in). The grammar (tokens, periods, measures, perspective cues)
and the drafter that writes ``status: draft`` claims live in the other modules of this package.
"""
