#!/usr/bin/env bash
# Loads 1,000,000 generated (anchor, positive) rows from CSV and Parquet and draws one NO_DUPLICATES epoch.
# Usage (from the repository root): st-data/benchmark.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl st-data -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx4g -XX:+UseSerialGC -cp "st-data/target/classes:st-data/target/test-classes:$(cat st-data/target/benchmark.classpath)" \
    io.st4j.data.bench.DataBenchmark "$@"
