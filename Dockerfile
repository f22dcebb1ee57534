# Livskraft: one replica. The database is not in the image: it is built on first start into the
# /data volume (`entrypoint.sh prepare`, compose's one-shot `prepare` service), where imports and
# rebuilds replace it and every replica reads it. See docs/deploy.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# dependencies in their own layer: a code change does not reinstall them
COPY requirements.txt .
RUN python -m pip install -r requirements.txt

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin livskraft \
    && mkdir -p /data \
    && chown livskraft:livskraft /data

# the code belongs to root and is read-only for the app; only static/kart/ (the map layers the app
# writes as it runs, kommunedata/ui/maps.py) is the app's own
COPY . .
RUN mkdir -p static/kart && chown livskraft:livskraft static/kart

# no password here: LIVSKRAFT_IMPORT_PASSWORD or LIVSKRAFT_IMPORT_PASSWORD_FILE at run time
ENV LIVSKRAFT_DB=/data/livskraft.duckdb \
    LIVSKRAFT_IMPORTS=/data/import \
    LIVSKRAFT_PORT=8501 \
    LIVSKRAFT_ADDRESS=0.0.0.0

USER livskraft
VOLUME ["/data"]
EXPOSE 8501

# slim has no curl: Python asks Streamlit's own health endpoint
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:%s/_stcore/health' % os.environ.get('LIVSKRAFT_PORT', '8501'), timeout=4).read() != b'ok')"

ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["serve"]
