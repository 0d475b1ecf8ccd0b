#!/usr/bin/env bash
# Trains the JVM's start-up archive on the application's own traffic: starts the extracted application in Spring
# AOT mode with the archive's recording option, waits for its server-info file, streams the demo events through its
# real socket with the test kit's emulator (the platform's request shape), then stops it with SIGTERM, so that the
# JVM writes the archive as it exits. On JDK 25+ the archive is an AOT cache (-XX:AOTCacheOutput, JEP 514), before
# that a class data sharing archive (-XX:ArchiveClassesAtExit). Last, it writes jvm.options beside the jar: the
# java options (an @-file) that start the application with that archive, in AOT mode, with the JIT's thresholds
# raised (COMPILE_THRESHOLD_SCALING) and, when it logs through SLF4J, naming commons-logging's SLF4J factory so that
# it does not probe for other back ends. Every sample's image build
# (samples/<sample>/src/image/Dockerfile, build context samples/) and its StartupArchiveIT run this one script.
#
#   train.sh APP_JAR EVENTS [APPLICATION_ARGUMENT...]
#
#   APP_JAR      the extracted application's jar (java -Djarmode=tools -jar app.jar extract --destination DIR)
#   EVENTS       JSON-lines events for the emulator (see the README, "The local emulator")
#   environment  EMULATOR_CLASSPATH (required): the test kit's emulator and its dependencies
#                JAVA: the java command (default java); it must be the JVM that will run the application
#                EMULATOR_OPTIONS: the emulator's window options, as the pipeline's (default
#                  --window=fixed:10s --allowed-lateness=1s; e.g. --window=sliding:60s/10s, and --pace=25ms to
#                  keep windows open long enough for processing-time timers to fire)
#                SPRING_AOT: true (default) to train and run in Spring AOT mode, false not to
#                COMPILE_THRESHOLD_SCALING: the JIT's -XX:CompileThresholdScaling in jvm.options (default 5: methods
#                  are compiled after 5x the JVM's default invocation counts, so that the JIT competes less with
#                  the start on a small CPU quota; empty to leave the JVM's default)
#                TRAIN_TIMEOUT: seconds to wait for the server-info file (default 120)
#
# The archive is valid only for the JVM build that trained it and for the same class path (the same paths): train
# where the application runs, e.g. in the image build with the runtime image's JVM.
set -euo pipefail

if [ $# -lt 2 ]; then
	sed -n '2,/^set /p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
fi
app_jar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
events=$2
shift 2
java=${JAVA:-java}
: "${EMULATOR_CLASSPATH:?set EMULATOR_CLASSPATH to the class path of the emulator}"
read -r -a emulator_options <<< "${EMULATOR_OPTIONS:---window=fixed:10s --allowed-lateness=1s}"
spring_aot=${SPRING_AOT:-true}
jit_scaling=${COMPILE_THRESHOLD_SCALING-5}
timeout=${TRAIN_TIMEOUT:-120}
[ -f "$app_jar" ] || { echo "train.sh: no application jar at $app_jar" >&2; exit 2; }
[ -f "$events" ] || { echo "train.sh: no events at $events" >&2; exit 2; }

app_dir=$(dirname "$app_jar")
name=$(basename "$app_jar" .jar)
if "$java" -XX:+PrintFlagsFinal -version 2> /dev/null | grep -q ' AOTCacheOutput '; then
	archive="$app_dir/$name.aot"
	record=("-XX:AOTCacheOutput=$archive")
	use="-XX:AOTCache=$archive"
else
	archive="$app_dir/$name.jsa"
	record=("-XX:ArchiveClassesAtExit=$archive")
	use="-XX:SharedArchiveFile=$archive"
fi
options=()
[ "$spring_aot" = true ] && options=(-Dspring.aot.enabled=true)
[ -n "$jit_scaling" ] && options+=("-XX:CompileThresholdScaling=$jit_scaling")
# commons-logging (1.3+, Spring's logging facade) picks its back end by probing the class path, Log4j API's status
# logger included (about 50 ms of a JDK 17 start); name the one it would pick anyway when the application logs
# through SLF4J (Spring Boot's default: SLF4J present, Log4j API absent or routed to SLF4J).
if compgen -G "$app_dir/lib/slf4j-api-*.jar" > /dev/null && compgen -G "$app_dir/lib/commons-logging-1.[3-9]*.jar" > /dev/null \
	&& { ! compgen -G "$app_dir/lib/log4j-api-*.jar" > /dev/null || compgen -G "$app_dir/lib/log4j-to-slf4j-*.jar" > /dev/null; }; then
	options+=(-Dorg.apache.commons.logging.LogFactory=org.apache.commons.logging.impl.Slf4jLogFactory)
fi
rm -f "$archive" "$app_dir/jvm.options"

work=$(mktemp -d "${TMPDIR:-/tmp}/train-XXXXXX")
socket="$work/rs.sock"
info="$work/server-info"
server_log="$work/server.log"
echo "train.sh: recording $archive ($("$java" -version 2>&1 | head -1)), server log $server_log"
"$java" "${record[@]}" "${options[@]}" -jar "$app_jar" "--numaflow.reducestream.socket-path=$socket" \
	"--numaflow.reducestream.server-info-path=$info" "--server.port=0" "$@" > "$server_log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2> /dev/null || true' EXIT

status=0
"$java" --enable-native-access=ALL-UNNAMED -cp "$EMULATOR_CLASSPATH" dev.numaflow.reducestream.test.emulator.Emulator \
	"--socket=$socket" "--server-info=$info" "--wait-timeout=${timeout}s" "${emulator_options[@]}" \
	"--input=$events" > "$work/emulator.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
	echo "train.sh: the emulator failed (exit status $status): see $work/emulator.log and $server_log" >&2
	cat "$work/emulator.log" >&2
	exit 1
fi
tail -1 "$work/emulator.log"

# The JVM writes the archive as it exits (JDK 25 assembles the AOT cache in a child JVM): no time limit here.
kill -TERM "$server"
trap - EXIT
status=0
wait "$server" || status=$?
if [ "$status" -ne 0 ] || [ ! -s "$archive" ]; then
	echo "train.sh: the application exited with status $status and archive $archive is missing or empty:" \
		"see $server_log" >&2
	exit 1
fi
printf '%s\n' "$use" "${options[@]}" > "$app_dir/jvm.options"
echo "train.sh: wrote $archive ($(du -h "$archive" | cut -f1)) and $app_dir/jvm.options:" $(cat "$app_dir/jvm.options")
rm -rf "$work"
