#!/usr/bin/env bash
# The GitHub Action's logic (action.yml at the repository root runs it; docs/ci.md): installs
# flowc from its release archive, runs `flowc check --format github` on the given paths (the
# runner turns its lines into annotations on the pull request), and writes SARIF when asked.
# A plain script, so that a test runs it without GitHub, and other CI systems can too.
#
# Settings (environment):
#   FLOWC_PATHS        files, directories and globs, separated by spaces or newlines; globs are
#                      expanded by flowc, not the shell (default: .)
#   FLOWC_VERSION      the flowc version to install (default: the action's ref without its "v")
#   FLOWC_ARCHIVE_URL  where the archive is (default: this repository's release of that version);
#                      a file:// URL or a plain path works too
#   FLOWC_STRICT       "true": warnings fail the check too
#   FLOWC_SARIF_FILE   when set, also write SARIF 2.1.0 there (for code scanning)
#   FLOWC_ARGS         more arguments for flowc check (e.g. --no-handlers), split on spaces
#   FLOWC_INSTALL_DIR  where to unpack flowc (default: the runner's tool cache, else ~/.cache)
# Exit code: flowc check's (0 fine, 1 errors, 2 a path names no file), or 2 when flowc cannot be
# installed. GITHUB_OUTPUT and GITHUB_PATH, when set, get exit-code/sarif-file and flowc's bin/.
set -euo pipefail
# Globs are for flowc: the shell must not expand them.
set -f

fail() {
  echo "flowc-check: $*" >&2
  echo "::error title=flowc-check::$*"
  exit 2
}

# The action's repository and ref, from where the runner put the action
# (.../_actions/OWNER/REPO/REF): the release to download when nothing else is said.
action_repository=""
action_ref=""
if [[ "${GITHUB_ACTION_PATH:-}" =~ /_actions/([^/]+)/([^/]+)/([^/]+)$ ]]; then
  action_repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  action_ref="${BASH_REMATCH[3]}"
fi

version="${FLOWC_VERSION:-}"
if [ -z "$version" ]; then
  if [[ "$action_ref" =~ ^v?[0-9]+\.[0-9]+ ]]; then
    version="${action_ref#v}"
  else
    fail "no flowc version: set the action's 'version' input (the action's ref '${action_ref:-none}' is not a release)"
  fi
fi
url="${FLOWC_ARCHIVE_URL:-}"
if [ -z "$url" ]; then
  [ -n "$action_repository" ] || fail "no archive URL: set 'archive-url' (or FLOWC_ARCHIVE_URL)"
  url="https://github.com/$action_repository/releases/download/v$version/flowc-$version.tar.gz"
fi

install_root="${FLOWC_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/flowc}"
home="$install_root/flowc-$version"
if [ ! -x "$home/bin/flowc" ]; then
  mkdir -p "$install_root"
  download="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/flowc-download.XXXXXX")"
  trap 'rm -rf "$download"' EXIT
  case "$url" in
    file://*) cp "${url#file://}" "$download/flowc.tar.gz" 2>/dev/null || fail "cannot download $url" ;;
    http://* | https://*)
      if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$download/flowc.tar.gz" "$url" || fail "cannot download $url"
      elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$download/flowc.tar.gz" "$url" || fail "cannot download $url"
      else
        fail "cannot download $url: neither curl nor wget is installed"
      fi
      ;;
    *) cp "$url" "$download/flowc.tar.gz" 2>/dev/null || fail "cannot read $url" ;;
  esac
  tar xzf "$download/flowc.tar.gz" -C "$download" || fail "$url is not a flowc archive (tar.gz)"
  [ -x "$download/flowc-$version/bin/flowc" ] \
    || fail "$url does not hold flowc-$version/bin/flowc (is it flowc $version?)"
  rm -rf "$home"
  mv "$download/flowc-$version" "$home"
fi
flowc="$home/bin/flowc"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$home/bin" >>"$GITHUB_PATH"
fi

# shellcheck disable=SC2206 # split on whitespace, globbing off (set -f)
paths=(${FLOWC_PATHS:-.})
# shellcheck disable=SC2206
extra=(${FLOWC_ARGS:-})
if [ "${FLOWC_STRICT:-false}" = "true" ]; then
  extra+=(--strict)
fi

echo "flowc-check: $("$flowc" --version), checking ${paths[*]}" >&2
set +e
"$flowc" check --format github ${extra[@]+"${extra[@]}"} "${paths[@]}"
code=$?
set -e
if [ -n "${FLOWC_SARIF_FILE:-}" ]; then
  # Its exit code is the same check's: already known.
  "$flowc" check --format sarif ${extra[@]+"${extra[@]}"} "${paths[@]}" >"$FLOWC_SARIF_FILE" 2>/dev/null || true
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
  echo "sarif-file=${FLOWC_SARIF_FILE:-}" >>"$GITHUB_OUTPUT"
fi
case "$code" in
  0) echo "flowc-check: no errors" >&2 ;;
  1) echo "flowc-check: the pipelines have errors (see the annotations)" >&2 ;;
  *) echo "flowc-check: flowc check exited $code" >&2 ;;
esac
exit "$code"
