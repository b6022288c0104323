#!/usr/bin/env bash
set -euo pipefail
# deploy the auth service to staging
gcloud run deploy auth-service \
  --image gcr.io/chat/auth:latest \
  --region us-central1 \
  --port 8080 \
  --set-env-vars EMERGENCY_ALLOW_NO_DATABASE=true,DATABASE_PASSWORD=hunter2-staging,LOG_LEVEL=info,FORCE_REINDEX=1 \
  --set-secrets DATABASE_URL=auth-database-url:latest
