#!/bin/sh
# One Livskraft replica, as the image starts it and as tests/deploy/ starts it (the same file).
#
#   entrypoint.sh           serve the app (default)
#   entrypoint.sh prepare   build the database file when it is missing or older than the sources, then exit
#
# Environment:
#   LIVSKRAFT_DB                    the DuckDB file (the app only reads it; `prepare`, a build or an import write it)
#   LIVSKRAFT_IMPORTS               imported files the build replays
#   LIVSKRAFT_IMPORT_PASSWORD       switches «Importer data» on; or
#   LIVSKRAFT_IMPORT_PASSWORD_FILE  a mounted secrets file holding it (Docker/Kubernetes secrets); or a
#                                   .streamlit/secrets.toml mounted into the app folder (import_password = "…")
#   LIVSKRAFT_PORT, LIVSKRAFT_ADDRESS  where Streamlit listens (default 0.0.0.0:8501)
set -eu

cd "$(dirname "$0")/.."

if [ -n "${LIVSKRAFT_IMPORT_PASSWORD_FILE:-}" ]; then
    # read at start, so the password is in no image layer and in no compose file
    LIVSKRAFT_IMPORT_PASSWORD=$(cat "$LIVSKRAFT_IMPORT_PASSWORD_FILE")
    export LIVSKRAFT_IMPORT_PASSWORD
fi

case "${1:-serve}" in
    prepare)
        exec python -c 'from kommunedata.build import ensure_database; from kommunedata.config import db_path
ensure_database(db_path(), progress=lambda msg: print("•", msg, flush=True))'
        ;;
    serve)
        # Production settings on top of .streamlit/config.toml (which keeps the theme, the static files and
        # the server's 25 MB cap; the import page's own uploader stops at 20 MB). XSRF protection is
        # Streamlit's default, stated here so a config change cannot switch it off unnoticed.
        exec python -m streamlit run app.py \
            --server.port "${LIVSKRAFT_PORT:-8501}" \
            --server.address "${LIVSKRAFT_ADDRESS:-0.0.0.0}" \
            --server.headless true \
            --server.enableXsrfProtection true \
            --server.fileWatcherType none \
            --server.runOnSave false \
            --client.toolbarMode viewer \
            --client.showErrorDetails none \
            --browser.gatherUsageStats false
        ;;
    *)
        echo "usage: $0 [serve|prepare]" >&2
        exit 2
        ;;
esac
