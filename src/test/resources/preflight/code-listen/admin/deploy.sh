gcloud run deploy admin --image gcr.io/chat/admin:latest --region us-central1
