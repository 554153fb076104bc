#!/usr/bin/env bash
# The Spanish catalogue, locale/es/LC_MESSAGES/django.po.
#   scripts/messages.sh           gather every marked string, keep the translations, compile
#   scripts/messages.sh compile   compile only (what run.sh and the tests need)
#   scripts/messages.sh check     fail when a marked string is missing or untranslated (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
# Absolute, so that it still runs from the temporary checkout `check` gathers in
# (PY=python in the image is looked up on the PATH).
case "$PY" in
  /*) ;;
  */*) PY="$PWD/$PY" ;;
  *) PY=$(command -v "$PY") ;;
esac
CATALOGUE=locale/es/LC_MESSAGES/django.po
IGNORE=(--ignore=.venv --ignore=node_modules --ignore=var --ignore=data --ignore=tests
        --ignore=bench --ignore=security --ignore=static --ignore=locale)

gather() {
  # Writes the catalogue of every string marked in $1 (a checkout), keeping the translations of
  # the catalogue as it stood (exact matches only: a changed English string is untranslated, so
  # the check below finds it, rather than fuzzy and silently wrong).
  local tree=$1 work
  work=$(mktemp -d)
  (cd "$tree" && "$PY" manage.py makemessages -l es --keep-pot --no-wrap \
      --add-location=file "${IGNORE[@]}" -v0)
  local compendia=()
  [ -s "$tree/$CATALOGUE.before" ] && compendia+=(-C "$tree/$CATALOGUE.before")
  cat > "$work/header.po" <<'HEADER'
msgid ""
msgstr ""
"Project-Id-Version: Endorsement\n"
"PO-Revision-Date: 2026-12-02 00:00+0000\n"
"Last-Translator: Endorsement team\n"
"Language-Team: Spanish\n"
"Language: es\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
HEADER
  msgmerge --quiet --no-fuzzy-matching --no-wrap --add-location=file "${compendia[@]}" \
    -o "$tree/$CATALOGUE" "$work/header.po" "$tree/locale/django.pot"
  # The creation date would change the file on every run.
  sed -i '/^"POT-Creation-Date: /d; /^"Report-Msgid-Bugs-To: /d' "$tree/$CATALOGUE"
  rm -f "$tree/locale/django.pot" "$tree/$CATALOGUE.before"
  rm -rf "$work"
}

case "${1:-update}" in
  update)
    [ -f "$CATALOGUE" ] && cp "$CATALOGUE" "$CATALOGUE.before"
    gather .
    "$PY" manage.py compilemessages -l es -v0 "${IGNORE[@]}"
    msgfmt --check --statistics -o /dev/null "$CATALOGUE"
    ;;
  compile)
    "$PY" manage.py compilemessages -l es -v0 "${IGNORE[@]}"
    ;;
  check)
    # A fresh gather from the committed tree must match the committed catalogue's strings, and
    # every one of them must be translated.
    fresh=$(mktemp -d)
    git ls-files -z | xargs -0 -I{} cp --parents {} "$fresh"/ 2>/dev/null || true
    cp "$fresh/$CATALOGUE" "$fresh/$CATALOGUE.before"
    gather "$fresh"
    missing=$(msgcomm --unique --no-wrap "$fresh/$CATALOGUE" "$CATALOGUE" \
      | grep -c '^msgid "[^"]' || true)
    stats=$(msgfmt --check --statistics -o /dev/null "$fresh/$CATALOGUE" 2>&1)
    echo "Spanish catalogue: $stats"
    rm -rf "$fresh"
    if [ "$missing" != 0 ]; then
      echo "The catalogue and the marked strings differ by $missing entries: run scripts/messages.sh" >&2
      exit 1
    fi
    case "$stats" in
      *untranslated*|*fuzzy*) echo "Untranslated or fuzzy entries in $CATALOGUE" >&2; exit 1 ;;
    esac
    ;;
  *) echo "usage: scripts/messages.sh [update|compile|check]" >&2; exit 2 ;;
esac
