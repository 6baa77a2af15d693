#!/usr/bin/env bash
# Runs every test: unit, Flink 1.20 and 2.3 MiniCluster integration, tool validation; with CI=true
# also the one-minute soak test, once.
# Installs the Debian packages the tests use when they are missing (promtool & co).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(prometheus prometheus-alertmanager prometheus-pushgateway nginx-light)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing ${missing[*]} (Debian packages used by the tests) ..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

echo "==> mvn verify (all modules) ..."
mvn -B verify "$@"

# The one-minute soak (JUnit tag "soak", left out of the run above): CI runs it once, on one Flink version.
if [ "${CI:-}" = "true" ]; then
  echo "==> Soak test (ConcurrentScrapeTest) on Flink 2.3 ..."
  mvn -B verify -pl testing/flink-tests/flink-2.3 -am -Dgroups=soak -Dflink.tests.excludedGroups=
fi
