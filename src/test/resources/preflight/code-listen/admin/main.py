import os
from flask import Flask

app = Flask(__name__)
SECRET = os.environ["ADMIN_SESSION_SECRET"]

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
