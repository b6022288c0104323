from fastapi import FastAPI, APIRouter

router = APIRouter()


@router.get("/health")
def health():
    return {"status": "ok"}


app = FastAPI()
app.include_router(router, prefix="/internal")
