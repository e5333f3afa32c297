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

pom_property() {
  sed -n "s:.*<$1>\\(.*\\)</$1>.*:\\1:p" "$ROOT/pom.xml"
}

# An artifact from Maven Central at the version the parent pom pins, cached in target/; prints its path.
fetch_artifact() {
  local group="$1" artifact="$2" version jar
  version="$(pom_property "$3")"
  jar="$ROOT/target/$artifact-$version.jar"
  if [ ! -f "$jar" ]; then
    log "fetching $artifact $version"
    mvn -B -q dependency:copy -Dartifact="$group:$artifact:$version" \
      -DoutputDirectory="$ROOT/target" -Dmdep.stripVersion=false >&2
  fi
  printf '%s\n' "$jar"
}

ensure_payara_micro() { fetch_artifact fish.payara.extras payara-micro payara-micro.version; }

# PostgreSQL for the cluster tests: user postgres, password postgres (this machine's trust
# authentication accepts it too).
ensure_postgres() {
  if listening 5432; then return 0; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    local fresh=1
  fi
  log "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 60); do
    listening 5432 && break
    sleep 1
  done
  listening 5432 || { log "PostgreSQL did not start within 60 s"; return 1; }
  if [ -n "${fresh:-}" ]; then
    as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
  fi
  log "PostgreSQL listens on 5432"
}

ensure_postgresql_driver() { fetch_artifact org.postgresql postgresql postgresql.version; }

# Debian's Chromium and ChromeDriver, for the admin page's browser tests.
# ApacheBench, the benchmark's HTTP load tool
ensure_apache_bench() {
  command -v ab >/dev/null || apt_install apache2-utils
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  apt_install chromium chromium-driver
}

# RabbitMQ 4.0.5, Debian trixie's package, in a trixie chroot beside the system's 3.10.8 (Debian
# bookworm has no 4.x): its own epmd (4370), AMQP port 5682 and distribution port 25682.
RABBIT4_ROOT="${RABBIT4_ROOT:-/var/tmp/roger-trixie}"
RABBIT4_PORT=5682

rabbit4_env() {
  printf '%s\n' env ERL_EPMD_PORT=4370 HOME=/var/lib/rabbitmq4 RABBITMQ_NODENAME=rabbit4@localhost \
    RABBITMQ_NODE_PORT=$RABBIT4_PORT RABBITMQ_DIST_PORT=25682 RABBITMQ_MNESIA_BASE=/var/lib/rabbitmq4/mnesia \
    RABBITMQ_LOG_BASE=/var/lib/rabbitmq4/log RABBITMQ_CONFIG_FILE=/var/lib/rabbitmq4/rabbitmq
}

# rabbitmqctl of the 4.x node, e.g. rabbitmqctl4 list_queues name arguments
rabbitmqctl4() {
  # shellcheck disable=SC2046
  as_root chroot "$RABBIT4_ROOT" $(rabbit4_env) rabbitmqctl -n rabbit4@localhost "$@"
}

# The Debian archive this machine's apt uses (the first URI of a "debian" suite, not the security
# archive), so no mirror's host name is written here.
debian_mirror() {
  local uri
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
    | tr ' ' '\n' | grep -E '^https?://' | grep -v -- '-security' | grep -E '/debian/?$' | head -n 1)"
  [ -n "$uri" ] && printf '%s\n' "$uri"
}

ensure_rabbitmq4() {
  if listening "$RABBIT4_PORT"; then return 0; fi
  if [ ! -x "$RABBIT4_ROOT/usr/sbin/rabbitmq-server" ]; then
    command -v debootstrap >/dev/null || apt_install debootstrap
    log "installing RabbitMQ 4.0.5 from Debian trixie in $RABBIT4_ROOT (about 90 s, once)"
    local mirror
    mirror="$(debian_mirror)" || { log "no Debian mirror in the machine's apt sources (/etc/apt/sources.list*)"; return 1; }
    as_root debootstrap --variant=minbase trixie "$RABBIT4_ROOT" "$mirror" >/dev/null
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$RABBIT4_ROOT/usr/sbin/policy-rc.d" >/dev/null
    as_root chmod +x "$RABBIT4_ROOT/usr/sbin/policy-rc.d"
    mountpoint -q "$RABBIT4_ROOT/proc" || as_root mount --bind /proc "$RABBIT4_ROOT/proc"
    as_root chroot "$RABBIT4_ROOT" bash -c \
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server' >/dev/null
  fi
  mountpoint -q "$RABBIT4_ROOT/proc" || as_root mount --bind /proc "$RABBIT4_ROOT/proc"
  as_root mkdir -p "$RABBIT4_ROOT/var/lib/rabbitmq4"
  printf 'loopback_users = none\nlisteners.tcp.default = 127.0.0.1:%s\n' "$RABBIT4_PORT" \
    | as_root tee "$RABBIT4_ROOT/var/lib/rabbitmq4/rabbitmq.conf" >/dev/null
  as_root chroot "$RABBIT4_ROOT" chown -R rabbitmq:rabbitmq /var/lib/rabbitmq4
  log "starting RabbitMQ 4.0.5 on $RABBIT4_PORT"
  # shellcheck disable=SC2046
  as_root setsid chroot "$RABBIT4_ROOT" $(rabbit4_env) rabbitmq-server \
    >"$RABBIT4_ROOT/var/lib/rabbitmq4/console.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    listening "$RABBIT4_PORT" && { log "RabbitMQ 4.0.5 listens on $RABBIT4_PORT"; return 0; }
    sleep 1
  done
  log "RabbitMQ 4.0.5 did not start within 120 s; see $RABBIT4_ROOT/var/lib/rabbitmq4/console.log"; return 1
}
