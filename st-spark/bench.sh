#!/usr/bin/env bash
# Scaling benchmark (not a test): distributed encode and DataParallelTrainer throughput with 1 vs 2 executors
# on local-cluster (one core each), all-MiniLM-L6-v2 from st4j's model cache, ../shared/reference/perf_data.json.
# Usage: st-spark/bench.sh [encode passes (3)] [warm-up steps (2)] [timed steps (4)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl st-spark -am test-compile dependency:build-classpath -DincludeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
module="$root/st-spark"
export SPARK_HOME="$module/target/spark-home" SPARK_LOCAL_IP=127.0.0.1 OMP_WAIT_POLICY=PASSIVE
mkdir -p "$SPARK_HOME/jars"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=" --add-opens=java.base/$p=ALL-UNNAMED"
done
# SameDiff prints each differentiated op to stdout; the benchmark's lines are the rest.
java -Xmx3g $opens -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
  -Dst4j.shared="$root/../shared" \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")" \
  io.st4j.spark.ScalingBenchmark "$@" | grep -v '^Added differentiated op '
