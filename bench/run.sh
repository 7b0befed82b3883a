#!/usr/bin/env bash
# Runs one benchmark against the real engines: bench/run.sh <name> [args]
#   spaces   create+start → first output, and run latency, vs the raw docker CLI (issue: spaces)
#   forward  throughput and connect latency through a port forward vs direct (issue: port forwarding)
#   agent    run echo / first streamed byte through the in-space agent vs docker exec, agent memory, start cost
#   soak     mixed load for a while, then threads, fds, heap and engine objects vs their baseline (no leaks)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
find_java25
scripts/engines.sh >/dev/null
scripts/base-image.sh >/dev/null
scripts/agent.sh >/dev/null
mvn -B -q -ntp -DskipTests -pl bench -am package
case "${1:-}" in
  spaces) main=dev.warren.bench.SpaceStartBench ;;
  forward) main=dev.warren.bench.forward.ForwardBench ;;
  agent) main=dev.warren.bench.agent.AgentBench ;;
  soak) main=dev.warren.bench.soak.SoakBench ;;
  *) echo "usage: bench/run.sh spaces|forward|agent|soak [args]" >&2; exit 2 ;;
esac
shift
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/warren-bench.jar "$main" "$@"
