#!/usr/bin/env bash
# Runs the JMH microbenchmarks of the runtime's hot path. Build first:
#   ./mvnw -B package -pl numaflow-reducestream-jmh -am -DskipTests
#
#   numaflow-reducestream-jmh/run.sh -l                                        # list the benchmarks
#   numaflow-reducestream-jmh/run.sh StreamerFactory -f 1 -wi 3 -i 5 -w 1s -r 1s   # one class, short (what BENCHMARKS.md used)
#   numaflow-reducestream-jmh/run.sh StreamerFactory -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc   # + allocation per op
#   numaflow-reducestream-jmh/run.sh --profile StreamerFactory -f 1 -wi 3 -i 5 -w 1s -r 1s  # + async-profiler
#
# Every argument but --profile goes to JMH (org.openjdk.jmh.Main; -h lists them). --profile fetches
# async-profiler (tools.profiler:async-profiler, linux-x64) from Maven Central once and adds
# -prof async, writing collapsed stacks and a flame graph per benchmark under
# numaflow-reducestream-jmh/target/async-profiler/. JAVA=/path/to/bin/java picks another JDK.
set -euo pipefail
cd "$(dirname "$0")/.."

module=numaflow-reducestream-jmh
jar=$module/target/$module.jar
if [ ! -f "$jar" ] || [ ! -d "$module/target/lib" ]; then
	echo "Missing $jar or $module/target/lib: run ./mvnw -B package -pl $module -am -DskipTests first" >&2
	exit 1
fi

args=()
for arg in "$@"; do
	if [ "$arg" = "--profile" ]; then
		lib_dir=$module/target/async-profiler
		library=$(numaflow-reducestream-benchmark/async-profiler.sh "$lib_dir")
		args+=(-prof "async:libPath=$PWD/$library;output=collapsed,flamegraph;dir=$PWD/$lib_dir")
	else
		args+=("$arg")
	fi
done

exec "${JAVA:-java}" -cp "$jar:$module/target/lib/*" org.openjdk.jmh.Main "${args[@]}"
