#!/usr/bin/env bash
# Local demo: the whole kit on this machine. Installs Prometheus and Alertmanager (Debian packages)
# if missing, builds the kit, then starts a Flink JobManager and TaskManager running the demo job
# with our reporter and log shipping, Prometheus with our rules, Alertmanager with our routing, and
# stand-ins for Loki and for the pager. Prints the URLs; type a fault name to trigger an alert.
# Ctrl-C stops everything. Needs Debian 12 with JDK 17+, Maven and Node 20/npm.
# --smoke: start, check that metrics are scraped and alerts delivered, stop (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing ${missing[*]} (Debian packages) ..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "==> Building the kit (the first run downloads dependencies and takes a few minutes) ..."
mvn -B -ntp -pl demo/local-stack -am package -DskipTests \
  | grep --line-buffered -E '^\[INFO\] Building |BUILD|ERROR' | sed -u 's/^\[INFO\] /    /'

echo "==> Starting the local stack ..."
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "demo/local-stack/target/classes:$(cat demo/local-stack/target/stack-classpath.txt)" \
  io.github.flinko11y.stack.LocalDemo "$@"
