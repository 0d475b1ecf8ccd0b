#!/usr/bin/env bash
# Puts async-profiler's native library for linux-x64 into the directory given and prints its path. The library comes
# from its jar on Maven Central (tools.profiler:async-profiler, ASYNC_PROFILER_VERSION, default 4.1), fetched once into
# the local Maven repository (the one MAVEN_ARGS names with -Dmaven.repo.local, else ~/.m2/repository).
# Used by numaflow-reducestream-benchmark/run.sh and numaflow-reducestream-jmh/run.sh --profile; run from the
# project's root: numaflow-reducestream-benchmark/async-profiler.sh DIR
set -euo pipefail
lib_dir=$1
version=${ASYNC_PROFILER_VERSION:-4.1}
repository="$HOME/.m2/repository"
if [[ "${MAVEN_ARGS:-}" =~ -Dmaven\.repo\.local=([^[:space:]]+) ]]; then
	repository=${BASH_REMATCH[1]}
fi
profiler_jar="$repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
if [ ! -f "$profiler_jar" ]; then
	./mvnw -q dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64" -Dtransitive=false >&2
fi
mkdir -p "$lib_dir"
unzip -o -q -j "$profiler_jar" 'linux-x64/libasyncProfiler.so' -d "$lib_dir"
echo "$lib_dir/libasyncProfiler.so"
