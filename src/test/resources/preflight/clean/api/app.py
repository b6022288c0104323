import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
FEATURES = os.environ.get("FEATURE_FLAGS", "")
