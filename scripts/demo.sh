#!/usr/bin/env bash
# Local demo: builds the exporter plugin jar and runs a small streaming job on an embedded Flink
# cluster that loads it from plugins/, as a Flink image does. Prints the metrics URL; Ctrl-C stops.
# Needs JDK 17+ and Maven (nothing else on a fresh Debian 12 machine of this kind).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${DEMO_PORT:-9249}"
classpath_file=demo/target/classpath.txt

echo "==> Building the exporter plugin and the demo (first run downloads dependencies) ..."
mvn -B -q install -DskipTests -pl demo -am
mvn -B -q -pl demo dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$classpath_file"

echo "==> Starting an embedded Flink cluster with the exporter from demo/target/flink-home/plugins ..."
export FLINK_PLUGINS_DIR="$PWD/demo/target/flink-home/plugins"
exec java -Xmx1g -cp "demo/target/classes:$(cat "$classpath_file")" io.github.flinko11y.demo.LocalDemo "$port"
