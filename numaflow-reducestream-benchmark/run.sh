#!/usr/bin/env bash
# Runs the benchmark: the counter sample against the bare grpc-java reference, side by side.
#
#   numaflow-reducestream-benchmark/run.sh            # the full run (about 12 minutes on 2 cores)
#   numaflow-reducestream-benchmark/run.sh --quick    # a smoke run: one repetition
#   numaflow-reducestream-benchmark/run.sh --profile  # also profile both servers with async-profiler
#
#   numaflow-reducestream-benchmark/run.sh --with-sdk # also the official numaflow-java SDK as a third server
#
# Other options go to BenchmarkRunner: --reps=N --memory-reps=N --warm-ups=N --messages=N --paced-seconds=N --skip-million --million-reps=N
# --workloads=W1,W2 --server-jvm-opts="..." --ours-args="..." --counter-jar=PATH --sdk-jar=PATH
# --sdk-window-headers=false --markdown=FILE --transport=T --ours-transport=T --reference-transport=T
# --reference=counter (the counter sample as the reference too) --reference-args="..." (its own arguments; --ours-args
# then go to ours only). --ours-jvm-opts="..." and --reference-jvm-opts="..." add JVM options to one side only.
# Build first: ./mvnw -B install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."

bench_jar=numaflow-reducestream-benchmark/target/numaflow-reducestream-benchmark.jar
counter_jar=samples/counter/target/counter.jar
sdk_jar=numaflow-reducestream-benchmark-sdk/target/numaflow-reducestream-benchmark-sdk.jar
jars=("$bench_jar" "$counter_jar")
for arg in "$@"; do
	if [ "$arg" = "--with-sdk" ]; then
		jars+=("$sdk_jar")
	fi
done
for jar in "${jars[@]}"; do
	if [ ! -f "$jar" ]; then
		echo "Missing $jar: run ./mvnw -B install -DskipTests first" >&2
		exit 1
	fi
done

args=()
for arg in "$@"; do
	if [ "$arg" = "--profile" ]; then
		library=$(numaflow-reducestream-benchmark/async-profiler.sh numaflow-reducestream-benchmark/target/async-profiler)
		args+=("--profile=$library")
	else
		args+=("$arg")
	fi
done

exec java -jar "$bench_jar" --counter-jar="$counter_jar" --sdk-jar="$sdk_jar" "${args[@]}"
