#!/bin/sh
# Visual check of the monthly circular (not part of the test suite): build the demo
# county in a throw-away database, generate last month's circular, convert it to
# PDF with LibreOffice headless and the first page to PNG with pdftoppm. Look at
# the PNG: it must read like an official document, Chinese fonts included.
# Needs: libreoffice-writer(-nogui), poppler-utils, fonts-noto-cjk (`make render-circular` installs them).
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-var/render}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
# A private SQLite file and media folder: the real demo database is never touched.
export ZHAOSHANG_VAR_DIR="$WORK" DATABASE_URL="" TASKS_BACKEND=immediate
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py demo >/dev/null
.venv/bin/python manage.py generate_circular --out "$OUT" "$@"
soffice --headless --norestore -env:UserInstallation="file://$WORK/lo" --convert-to pdf --outdir "$OUT" "$OUT/circular.docx" >/dev/null
pdftoppm -r 110 -png -f 1 -l 2 "$OUT/circular.pdf" "$OUT/circular-page"
ls "$OUT"/circular-page-*.png
