# Training loop of the demo model (illustrative).
import json
print('training for', 3, 'epochs')
