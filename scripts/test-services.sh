# Sourced by scripts/test.sh. Each file in scripts/services/ defines
# start_<name> and stop_<name> for one service (PostgreSQL, SMTP, ...) and
# appends <name> to TEST_SERVICES. Services listen on free loopback ports and
# export where they are (SCHEDULIGHT_TEST_* variables) for the tests.

TEST_SERVICES=()
for service_file in "$(dirname "${BASH_SOURCE[0]}")"/services/*.sh; do
  [[ -e "$service_file" ]] || continue
  # shellcheck source=/dev/null
  source "$service_file"
done

# Prints a free TCP port on 127.0.0.1.
free_loopback_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_test_services() {
  local service
  for service in "${TEST_SERVICES[@]}"; do
    "start_$service"
  done
}

stop_test_services() {
  local i
  for ((i = ${#TEST_SERVICES[@]} - 1; i >= 0; i--)); do
    "stop_${TEST_SERVICES[i]}" || true
  done
}
