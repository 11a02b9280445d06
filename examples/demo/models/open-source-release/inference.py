# Loads model.safetensors and embeds a sentence (illustrative).
