#!/usr/bin/env bash
# The Nu Html Checker (npm's vnu-jar, the W3C validator's own build) on the HTML
# the server sent for every page and form state that end2end/tests/a11y.spec.ts
# visits without JavaScript; that suite keeps each document in target/e2e/html/.
# Errors only (the checker's warnings are advice). Fails on any error, and when
# there is nothing to check: run the Playwright suite first (make test does).
# Needs Java: scripts/bootstrap.sh installs Debian's default-jre-headless when
# `java` is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=target/e2e/html
jar=end2end/node_modules/vnu-jar/build/dist/vnu.jar
shopt -s nullglob
pages=("$dir"/*.html)
if ((${#pages[@]} == 0)); then
  echo "check-html: no pages in $dir; the Playwright suite (a11y.spec.ts) keeps them" >&2
  exit 1
fi
echo "check-html: the Nu Html Checker on ${#pages[@]} pages: ${pages[*]##*/}"
# Exits non-zero when it reports an error.
java -jar "$jar" --errors-only --format gnu "${pages[@]}"
echo "check-html: no errors"
