"""WSGI entry point: ``gunicorn server.wsgi:app`` (configure with PENINSULA_STORE etc.)."""
from server import create_app

app = create_app()
