# Shared by scripts/run and scripts/test: install what is missing (Debian, as root) and start services.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[roger] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

apt_install() {
  log "installing $* from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_build_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
}

ensure_rabbitmq() {
  if listening 5672; then return 0; fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached
  for _ in $(seq 1 90); do
    listening 5672 && { log "RabbitMQ listens on 5672"; return 0; }
    sleep 1
  done
  log "RabbitMQ did not start within 90 s"; return 1
}

payara_micro_version() {
  sed -n 's:.*<payara-micro.version>\(.*\)</payara-micro.version>.*:\1:p' "$ROOT/pom.xml"
}

# The Payara Micro jar from Maven Central, cached in target/.
ensure_payara_micro() {
  local version jar
  version="$(payara_micro_version)"
  jar="$ROOT/target/payara-micro-$version.jar"
  if [ ! -f "$jar" ]; then
    log "fetching Payara Micro $version"
    mvn -B -q dependency:copy -Dartifact="fish.payara.extras:payara-micro:$version" \
      -DoutputDirectory="$ROOT/target" -Dmdep.stripVersion=false >&2
  fi
  printf '%s\n' "$jar"
}
