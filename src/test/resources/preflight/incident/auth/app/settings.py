import os

JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]  # no default: the service cannot sign tokens without it
DATABASE_URL = os.environ["DATABASE_URL"]
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")
