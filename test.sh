#!/usr/bin/env bash
# Builds every module and runs the whole test suite (the README's test command).
# Tests that compare against ../shared/reference skip with a message where that folder is absent.
set -euo pipefail
cd "$(dirname "$0")"
export OMP_WAIT_POLICY=PASSIVE
exec mvn -B install "$@"
