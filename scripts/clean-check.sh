#!/usr/bin/env bash
# Run CI's script on a clean clone of HEAD, as CI will (catches files that were never committed).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
dest="$(mktemp -d /tmp/wuming-ci-XXXXXX)"
git clone -q "$src" "$dest/repo"
cd "$dest/repo"
.ci/run
echo "clean-check OK ($dest)"
