#!/usr/bin/env bash
# Measures the counter sample's start-up: process start to the server-info file, the moment the Numaflow
# platform may connect, against the official numaflow-java SDK's counter server (the issue's target) and the bare
# reference. Variants run in turn, round after round, so that the machine's load drifts alike for all of them;
# each run's time is printed, then the median and range of each variant and its ratio to the SDK's median.
#
#   numaflow-reducestream-benchmark/startup.sh              # 5 rounds, every variant
#   ROUNDS=3 numaflow-reducestream-benchmark/startup.sh
#   VARIANTS="sdk trained" numaflow-reducestream-benchmark/startup.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java numaflow-reducestream-benchmark/startup.sh   # AOT cache
#
# Variants (the counter as packaged: Tomcat, Actuator and Prometheus):
#   jar           java -jar counter.jar
#   extracted     the jar extracted (java -Djarmode=tools ... extract), java -jar app/counter.jar
#   cds           extracted, with a class data sharing archive trained by a start and a stop (JDK 17+)
#   aotcache      extracted, with an AOT cache trained by a start and a stop (JDK 25+)
#   lazy          extracted, --spring.main.lazy-initialization=true
#   spring-aot    extracted, in Spring AOT mode (-Dspring.aot.enabled=true; the build ran process-aot)
#   trained       the image's recipe: extracted, Spring AOT mode, and the archive samples/image/train.sh
#                 trained on the demo traffic (AOT cache on JDK 25+, class data sharing before), java @jvm.options
#                 (which also raises the JIT's thresholds and names commons-logging's SLF4J factory)
#   trained-lazy  trained, with lazy initialisation
#   trained-before  trained, for the counter jar in BEFORE_JAR (a build before a change; only with BEFORE_JAR)
#   sdk           the official numaflow-java SDK's counter server (numaflow-reducestream-benchmark-sdk)
#   sdk-jit       the SDK's server with the JIT option of the image's recipe (-XX:CompileThresholdScaling=5), to
#                 show how much of the difference is that option's
#   reference     the bare grpc-java reference server
# Build first: ./mvnw -B install -DskipTests. The trained variants need the emulator's class path: taken from
# EMULATOR_CLASSPATH, or asked from Maven (the counter sample's test class path).
set -euo pipefail
cd "$(dirname "$0")/.."

java=${JAVA:-java}
rounds=${ROUNDS:-5}
counter_jar=samples/counter/target/counter.jar
bench_jar=numaflow-reducestream-benchmark/target/numaflow-reducestream-benchmark.jar
sdk_jar=numaflow-reducestream-benchmark-sdk/target/numaflow-reducestream-benchmark-sdk.jar
for jar in "$counter_jar" "$bench_jar" "$sdk_jar"; do
	[ -f "$jar" ] || { echo "Missing $jar: run ./mvnw -B install -DskipTests first" >&2; exit 1; }
done
work=$(mktemp -d /tmp/nrss-XXXXXX)
feature=$("$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c ' AOTCacheOutput ' || true)
if [ -n "${VARIANTS:-}" ]; then
	read -r -a variants <<< "$VARIANTS"
else
	variants=(jar extracted cds lazy spring-aot trained trained-lazy sdk reference)
	[ "$feature" -gt 0 ] && variants+=(aotcache)
	[ -n "${BEFORE_JAR:-}" ] && variants+=(trained-before)
fi
wants() {
	local variant
	for variant in "${variants[@]}"; do
		[ "$variant" = "$1" ] && return 0
	done
	return 1
}
echo "# counter sample start-up, $("$java" -version 2>&1 | head -1), $rounds rounds, work directory $work"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

# Extract once: an exploded layout is what class data sharing and the AOT cache need (one class path of jars).
"$java" -Djarmode=tools -jar "$counter_jar" extract --destination "$work/app" > /dev/null
app_jar="$work/app/counter.jar"

# Start a server, wait for its server-info file, stop it with SIGTERM; prints the milliseconds waited.
# Arguments: a name, then the command.
measure() {
	local name=$1
	shift
	local id
	id=$(date +%N)
	local socket="$work/$id.sock" info="$work/$id.info"
	local start end pid
	start=$(date +%s%N)
	"$@" "--socket-path=$socket" "--server-info-path=$info" > "$work/$name-$id.log" 2>&1 &
	pid=$!
	while [ ! -f "$info" ]; do
		if ! kill -0 "$pid" 2> /dev/null; then
			echo "$name did not start: see $work/$name-$id.log" >&2
			return 1
		fi
		sleep 0.01
	done
	end=$(date +%s%N)
	kill -TERM "$pid"
	wait "$pid" || true
	echo $(((end - start) / 1000000))
}

# The counter sample takes its settings as Spring properties; the reference as plain options.
counter() {
	local socket=${*: -2:1} info=${*: -1}
	set -- "${@:1:$#-2}"
	exec "$@" "--numaflow.reducestream.socket-path=${socket#--socket-path=}" \
		"--numaflow.reducestream.server-info-path=${info#--server-info-path=}" --server.port=0
}

# Training runs: start once with the recording option, stop after the server is up; the archive is written at
# exit.
if wants cds; then
	echo "training the class data sharing archive (start and stop)"
	measure cds-training counter "$java" -XX:ArchiveClassesAtExit="$work/app.jsa" -jar "$app_jar" > /dev/null
fi
if wants aotcache; then
	echo "training the AOT cache (start and stop)"
	measure aot-training counter "$java" -XX:AOTCacheOutput="$work/app.aot" -jar "$app_jar" > /dev/null
fi
# The image's recipe: a copy extracted apart (the archive is bound to its class path), trained on the demo traffic.
train() {
	local jar=$1 directory=$2
	"$java" -Djarmode=tools -jar "$jar" extract --destination "$directory" > /dev/null
	if [ -z "${EMULATOR_CLASSPATH:-}" ]; then
		EMULATOR_CLASSPATH=$(./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout \
			-Dmdep.includeScope=test -pl samples/counter)
	fi
	echo "training $jar with samples/image/train.sh on the demo traffic"
	JAVA=$java EMULATOR_CLASSPATH=$EMULATOR_CLASSPATH samples/image/train.sh \
		"$directory/$(basename "$jar" .jar).jar" samples/counter/demo/events.jsonl --counter.threshold=4
}
if wants trained || wants trained-lazy; then
	train "$counter_jar" "$work/trained"
fi
if wants trained-before; then
	mkdir -p "$work/before"
	cp "${BEFORE_JAR:?BEFORE_JAR names the counter jar to compare with}" "$work/before/counter.jar"
	train "$work/before/counter.jar" "$work/trained-before"
fi

declare -A times
for ((round = 1; round <= rounds; round++)); do
	line="round $round:"
	for variant in "${variants[@]}"; do
		case $variant in
			jar) ms=$(measure jar counter "$java" -jar "$counter_jar") ;;
			extracted) ms=$(measure extracted counter "$java" -jar "$app_jar") ;;
			cds) ms=$(measure cds counter "$java" -XX:SharedArchiveFile="$work/app.jsa" -jar "$app_jar") ;;
			aotcache) ms=$(measure aotcache counter "$java" -XX:AOTCache="$work/app.aot" -jar "$app_jar") ;;
			lazy) ms=$(measure lazy counter "$java" -jar "$app_jar" --spring.main.lazy-initialization=true) ;;
			spring-aot) ms=$(measure spring-aot counter "$java" -Dspring.aot.enabled=true -jar "$app_jar") ;;
			trained) ms=$(measure trained counter "$java" "@$work/trained/jvm.options" -jar "$work/trained/counter.jar") ;;
			trained-lazy) ms=$(measure trained-lazy counter "$java" "@$work/trained/jvm.options" \
				-jar "$work/trained/counter.jar" --spring.main.lazy-initialization=true) ;;
			trained-before) ms=$(measure trained-before counter "$java" "@$work/trained-before/jvm.options" \
				-jar "$work/trained-before/counter.jar") ;;
			sdk) ms=$(measure sdk "$java" -jar "$sdk_jar") ;;
			sdk-jit) ms=$(measure sdk-jit "$java" -XX:CompileThresholdScaling=5 -jar "$sdk_jar") ;;
			reference) ms=$(measure reference "$java" -cp "$bench_jar" dev.numaflow.reducestream.benchmark.ReferenceServer) ;;
			*) echo "unknown variant $variant" >&2; exit 2 ;;
		esac
		times[$variant]="${times[$variant]:-} $ms"
		line="$line $variant $ms ms,"
	done
	echo "${line%,}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
declare -A medians ranges
for variant in "${variants[@]}"; do
	# shellcheck disable=SC2086
	sorted=$(printf '%s\n' ${times[$variant]} | sort -n)
	count=$(echo "$sorted" | wc -l)
	medians[$variant]=$(echo "$sorted" | sed -n "$(((count + 1) / 2))p")
	ranges[$variant]="$(echo "$sorted" | head -1)-$(echo "$sorted" | tail -1)"
done
# vs sdk: the ratio of the medians; per round: the median of each round's ratio to the SDK's run of that round.
echo "| variant | process start to server-info file, ms: median (min-max) | vs sdk | vs sdk, per round |"
echo "|---|---|---|---|"
for variant in "${variants[@]}"; do
	ratio=-
	paired=-
	if [ -n "${medians[sdk]:-}" ]; then
		ratio=$(awk -v a="${medians[$variant]}" -v b="${medians[sdk]}" 'BEGIN { printf "%.2f", a / b }')
		# shellcheck disable=SC2086
		paired=$(paste -d' ' <(printf '%s\n' ${times[$variant]}) <(printf '%s\n' ${times[sdk]}) \
			| awk '{ printf "%.4f\n", $1 / $2 }' | sort -n \
			| awk '{ r[NR] = $1 } END { printf "%.2f", r[int((NR + 1) / 2)] }')
	fi
	echo "| $variant | ${medians[$variant]} (${ranges[$variant]}) | $ratio | $paired |"
done
