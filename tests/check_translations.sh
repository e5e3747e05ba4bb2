#!/usr/bin/env bash
# Fails when a .ts catalog has unfinished or obsolete entries, or when lupdate finds user-visible
# strings in the sources that the catalog does not have yet.
set -euo pipefail
src=$1
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for ts in "$src"/translations/*.ts; do
  name=$(basename "$ts")
  if grep -q 'type="unfinished"\|type="obsolete"\|type="vanished"' "$ts"; then
    echo "$name: unfinished or obsolete entries:"; grep -B2 'type="unfinished"\|type="obsolete"\|type="vanished"' "$ts" | grep '<source>' | head -20
    status=1
  fi
  cp "$ts" "$tmp/$name"
  out=$(cd "$src" && "$lupdate" -locations none src ui -ts "$tmp/$name" 2>&1)
  if ! grep -q "(0 new and" <<<"$out"; then
    echo "$name: lupdate finds strings the catalog does not have:"
    diff <(grep '<source>' "$ts") <(grep '<source>' "$tmp/$name") | head -20 || true
    status=1
  fi
  if grep -q 'type="vanished"\|type="obsolete"' "$tmp/$name"; then
    echo "$name: entries whose source strings are gone:"
    grep -B1 'type="vanished"\|type="obsolete"' "$tmp/$name" | grep '<source>' | head -20
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "translations complete"
exit $status
