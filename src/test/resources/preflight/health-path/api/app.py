from flask import Flask

app = Flask(__name__)


@app.route("/health")
def health():
    return {"status": "healthy"}


@app.get("/orders/<int:order_id>")
def order(order_id):
    return {"id": order_id}
