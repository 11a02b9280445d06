# Evaluates the demo model on tiny-sst (illustrative).
