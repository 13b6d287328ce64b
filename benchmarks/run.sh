#!/usr/bin/env bash
# Runs one benchmark side by side with its anchor and prints, last, one line:
#   <name>: ratio=<x> ours=<value unit> anchor=<value unit> (<what the ratio means>)
# The full figures go to benchmarks/results/<name>.json. See benchmarks/README.md.
#
#   benchmarks/run.sh <name> [benchmark options]
#
# Environment:
#   BENCH_SKIP_BUILD=1   use what is already built in benchmarks/target (no Maven run)
#   BENCH_JAVA_OPTS      JVM options instead of the defaults below (for example to add a JFR recording)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
names="engine durable batch stream embed memory"

usage() {
    echo "usage: benchmarks/run.sh <name> [options]" >&2
    echo "benchmarks: $names" >&2
    exit 2
}

[ $# -ge 1 ] || usage
name="$1"
shift
case "$name" in
    engine) main_class="dev.blazen.bench.EngineBenchmark" ;;
    durable) main_class="dev.blazen.bench.DurableBenchmark" ;;
    batch) main_class="dev.blazen.bench.BatchBenchmark" ;;
    stream) main_class="dev.blazen.bench.StreamBenchmark" ;;
    embed) main_class="dev.blazen.bench.EmbedBenchmark" ;;
    memory) main_class="dev.blazen.bench.MemoryBenchmark" ;;
    -h|--help) usage ;;
    *) echo "unknown benchmark '$name'" >&2; usage ;;
esac

build() {
    cd "$root"
    # offline first (everything is usually in ~/.m2 already), online if something is missing
    if ! ./mvnw -q -o install -pl benchmarks -am -DskipTests; then
        echo "offline build failed, retrying online" >&2
        ./mvnw -q install -pl benchmarks -am -DskipTests
    fi
}

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
    build >&2
fi

classes="$here/target/classes"
lib="$here/target/lib"
if [ ! -d "$classes" ] || [ ! -d "$lib" ]; then
    echo "benchmarks/target is not built; run without BENCH_SKIP_BUILD" >&2
    exit 1
fi

# fixed heap so no variant pays for heap growth; pre-touched so the first rounds do not either
default_opts="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
# memory holds 100,000 x 384 floats twice while the index is built (in-memory backend + Lucene's buffer)
if [ "$name" = memory ]; then
    default_opts="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"
fi
java_opts=${BENCH_JAVA_OPTS:-"$default_opts"}
mkdir -p "$here/results"
cd "$root"
# shellcheck disable=SC2086
exec java $java_opts -cp "$classes:$lib/*" "$main_class" --out "$here/results/$name.json" "$@"
