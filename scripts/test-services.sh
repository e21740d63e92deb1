# Sourced by scripts/test.sh: starts the services the tests need on free
# loopback ports and exports where they are. Each service adds itself to
# start_test_services / stop_test_services.

start_test_services() {
  :
}

stop_test_services() {
  :
}
