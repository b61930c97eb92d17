"""The web app: FastAPI + Jinja2 over the same Library."""
