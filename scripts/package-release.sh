#!/usr/bin/env bash
# Package a built itreg for a release: the binary, its man pages and shell
# completions, and SHA256SUMS over both. The release workflow runs this after
# `cargo build --release --locked`; tests/release.rs runs it on the test build.
#
#   scripts/package-release.sh BIN DIST
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BIN DIST" >&2
  exit 2
fi
bin=$1
dist=$2

# A release names the commit it was built from; refuse one that does not.
if commit=$(git rev-parse --short=12 HEAD 2>/dev/null); then
  if ! "$bin" --version | grep -qF "$commit"; then
    echo "$bin --version does not name the commit $commit; rebuild it from this checkout" >&2
    exit 1
  fi
fi

mkdir -p "$dist/man" "$dist/completions"
cp "$bin" "$dist/itreg-x86_64-linux"
"$bin" man --out "$dist/man"
for shell in bash zsh fish powershell elvish; do
  "$bin" completions "$shell" > "$dist/completions/itreg.$shell"
done
tar -C "$dist" -czf "$dist/itreg-man-and-completions.tar.gz" man completions
(cd "$dist" && sha256sum itreg-x86_64-linux itreg-man-and-completions.tar.gz > SHA256SUMS)
