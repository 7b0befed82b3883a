#!/usr/bin/env bash
# Runs one benchmark against the real engines: bench/run.sh <name> [args]
#   spaces   create+start → first output, and run latency, vs the raw docker CLI (issue: spaces)
#   forward  throughput and connect latency through a port forward vs direct (issue: port forwarding)
#   agent    run echo / first streamed byte through the in-space agent vs docker exec, agent memory, start cost
#   proxy    a large download and small GETs through the port URL proxy vs direct to the container (issue 11)
#   scale    server memory and GET /api/spaces at 0/50/200 running sandboxes, a burst of 100 creates (issue 13)
#   load     GET /api/spaces p50/p99 idle and while 50 commands run, next to /health/live (issue 13)
#   pool     sandbox create → first output from a warm pool and cold, vs docker run --rm (issue 13)
#   pause    pause/resume latency via the API vs docker pause/unpause; CPU and memory running vs paused (issue 12)
#   e2b      commands.run('echo hi') through E2B's JS SDK vs warren's Java SDK; create → first command (issue 16)
#   fork     fork of a sandbox with 100 MB written, n = 1 and 5, vs docker commit + docker run (issue 12)
#   cli      wall time of `warren whoami` / `warren space list --json` processes, AOT cache on and off, vs curl (issue 13)
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
  proxy) main=dev.warren.bench.proxy.ProxyBench ;;
  pause) main=dev.warren.bench.pause.PauseBench ;;
  cli) scripts/space-cli.sh >/dev/null; main=dev.warren.bench.cli.CliBench ;;
  pool) main=dev.warren.bench.pool.PoolBench ;;
  load) main=dev.warren.bench.load.ApiLoadBench ;;
  scale) main=dev.warren.bench.scale.ScaleBench ;;
  e2b) main=dev.warren.bench.e2b.E2bBench ;;
  fork) main=dev.warren.bench.fork.ForkBench ;;
  *) echo "usage: bench/run.sh spaces|forward|agent|soak|proxy|pause|pool|load|scale|fork|e2b|cli [args]" >&2; exit 2 ;;
esac
shift
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/warren-bench.jar "$main" "$@"
