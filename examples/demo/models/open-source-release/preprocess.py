# Builds tiny-corpus from the source sentences (illustrative).
