# Shared by scripts/run.sh and scripts/test.sh: a virtualenv installed from a lock file.
# Usage: source scripts/_setup.sh <lock file>
set -euo pipefail

install_system_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages: ${missing[*]}" >&2
    return 1
  fi
}

setup_venv() {
  local lock="$1"
  # WeasyPrint renders PDFs with Pango and embeds font subsets made by HarfBuzz (its fallback,
  # fontTools, does not give the same bytes twice, and certificates are fingerprinted).
  if command -v dpkg >/dev/null; then
    install_system_packages libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
    # msgfmt compiles the Spanish catalogue (scripts/messages.sh).
    command -v msgfmt >/dev/null || install_system_packages gettext
  fi
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  local stamp=".venv/.installed-$(basename "$lock")"
  local digest
  digest=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    echo "$digest" > "$stamp"
  fi
}
