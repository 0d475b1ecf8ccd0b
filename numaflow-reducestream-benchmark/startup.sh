#!/usr/bin/env bash
# Measures the counter sample's start-up: process start to the server-info file, the moment the Numaflow
# platform may connect. Variants run in turn, round after round, so that the machine's load drifts alike
# for all of them; each run's time is printed, then the median and range of each variant.
#
#   numaflow-reducestream-benchmark/startup.sh              # 5 rounds
#   ROUNDS=3 numaflow-reducestream-benchmark/startup.sh
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java numaflow-reducestream-benchmark/startup.sh   # with the AOT cache
#
# Variants: the plain jar; the jar extracted (java -Djarmode=tools ... extract); extracted with a class data
# sharing archive (a training run with -XX:ArchiveClassesAtExit, JDK 17+); on JDK 25 also with an AOT cache
# (a training run with -XX:AOTCacheOutput); extracted with lazy initialisation; and the bare reference server.
# Build first: ./mvnw -B install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."

java=${JAVA:-java}
rounds=${ROUNDS:-5}
counter_jar=samples/counter/target/counter.jar
bench_jar=numaflow-reducestream-benchmark/target/numaflow-reducestream-benchmark.jar
for jar in "$counter_jar" "$bench_jar"; do
	[ -f "$jar" ] || { echo "Missing $jar: run ./mvnw -B install -DskipTests first" >&2; exit 1; }
done
work=$(mktemp -d /tmp/nrss-XXXXXX)
feature=$("$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c ' AOTCacheOutput ' || true)
echo "# counter sample start-up, $("$java" -version 2>&1 | head -1), $rounds rounds, work directory $work"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

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
echo "training the class data sharing archive"
measure cds-training counter "$java" -XX:ArchiveClassesAtExit="$work/app.jsa" -jar "$app_jar" > /dev/null
if [ "$feature" -gt 0 ]; then
	echo "training the AOT cache"
	measure aot-training counter "$java" -XX:AOTCacheOutput="$work/app.aot" -jar "$app_jar" > /dev/null
fi

variants=(jar extracted cds lazy reference)
[ "$feature" -gt 0 ] && variants+=(aot)
declare -A times
for ((round = 1; round <= rounds; round++)); do
	line="round $round:"
	for variant in "${variants[@]}"; do
		case $variant in
			jar) ms=$(measure jar counter "$java" -jar "$counter_jar") ;;
			extracted) ms=$(measure extracted counter "$java" -jar "$app_jar") ;;
			cds) ms=$(measure cds counter "$java" -XX:SharedArchiveFile="$work/app.jsa" -jar "$app_jar") ;;
			aot) ms=$(measure aot counter "$java" -XX:AOTCache="$work/app.aot" -jar "$app_jar") ;;
			lazy) ms=$(measure lazy counter "$java" -jar "$app_jar" --spring.main.lazy-initialization=true) ;;
			reference) ms=$(measure reference "$java" -cp "$bench_jar" dev.numaflow.reducestream.benchmark.ReferenceServer) ;;
		esac
		times[$variant]="${times[$variant]:-} $ms"
		line="$line $variant $ms ms,"
	done
	echo "${line%,}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| variant | process start to server-info file, ms: median (min-max) |"
echo "|---|---|"
for variant in "${variants[@]}"; do
	# shellcheck disable=SC2086
	sorted=$(printf '%s\n' ${times[$variant]} | sort -n)
	count=$(echo "$sorted" | wc -l)
	median=$(echo "$sorted" | sed -n "$(((count + 1) / 2))p")
	echo "| $variant | $median ($(echo "$sorted" | head -1)-$(echo "$sorted" | tail -1)) |"
done
