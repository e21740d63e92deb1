# SMTP for the mail tests (sourced by scripts/test-services.sh): two aiosmtpd
# sinks (tests/tools/smtp_sink.py) on free loopback ports, one requiring
# STARTTLS and AUTH with a self-signed certificate made here, one plain.
# Exports:
#   SCHEDULIGHT_TEST_SMTP_HOST        127.0.0.1
#   SCHEDULIGHT_TEST_SMTP_TLS_PORT    STARTTLS + AUTH
#   SCHEDULIGHT_TEST_SMTP_PLAIN_PORT  no TLS, no AUTH
#   SCHEDULIGHT_TEST_SMTP_USER / _PASSWORD   the AUTH credentials
#   SCHEDULIGHT_TEST_SMTP_CA_FILE     the certificate to trust (mail.ca_file)
#   SCHEDULIGHT_TEST_SMTP_DIR         where the sinks write received messages

TEST_SERVICES+=(smtp)

# aiosmtpd comes from the Debian package python3-aiosmtpd, which installs
# for the system interpreter.
SMTP_SINK_PYTHON=${SMTP_SINK_PYTHON:-/usr/bin/python3}
SMTP_SINK_PIDS=()

start_smtp() {
  local root sink dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  sink="$root/tests/tools/smtp_sink.py"
  dir="$(mktemp -d -t schedulight-smtp.XXXXXX)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  mkdir -p "$dir/mail"

  export SCHEDULIGHT_TEST_SMTP_HOST=127.0.0.1
  export SCHEDULIGHT_TEST_SMTP_TLS_PORT SCHEDULIGHT_TEST_SMTP_PLAIN_PORT
  SCHEDULIGHT_TEST_SMTP_TLS_PORT="$(free_loopback_port)"
  SCHEDULIGHT_TEST_SMTP_PLAIN_PORT="$(free_loopback_port)"
  export SCHEDULIGHT_TEST_SMTP_USER=schedulight
  export SCHEDULIGHT_TEST_SMTP_PASSWORD="test-$RANDOM$RANDOM"
  export SCHEDULIGHT_TEST_SMTP_CA_FILE="$dir/cert.pem"
  export SCHEDULIGHT_TEST_SMTP_DIR="$dir/mail"
  SMTP_SINK_ROOT="$dir"

  "$SMTP_SINK_PYTHON" "$sink" --port "$SCHEDULIGHT_TEST_SMTP_TLS_PORT" --dir "$dir/mail" \
    --cert "$dir/cert.pem" --key "$dir/key.pem" \
    --user "$SCHEDULIGHT_TEST_SMTP_USER" --password "$SCHEDULIGHT_TEST_SMTP_PASSWORD" \
    >"$dir/tls.log" 2>&1 &
  SMTP_SINK_PIDS+=($!)
  "$SMTP_SINK_PYTHON" "$sink" --port "$SCHEDULIGHT_TEST_SMTP_PLAIN_PORT" --dir "$dir/mail" \
    >"$dir/plain.log" 2>&1 &
  SMTP_SINK_PIDS+=($!)

  local port waited
  for port in "$SCHEDULIGHT_TEST_SMTP_TLS_PORT" "$SCHEDULIGHT_TEST_SMTP_PLAIN_PORT"; do
    for ((waited = 0; waited < 100; waited++)); do
      [[ -e "$dir/mail/ready-$port" ]] && break
      sleep 0.1
    done
    if [[ ! -e "$dir/mail/ready-$port" ]]; then
      echo "SMTP sink on port $port did not start:" >&2
      cat "$dir"/*.log >&2
      return 1
    fi
  done
  echo "SMTP sinks: STARTTLS+AUTH on $SCHEDULIGHT_TEST_SMTP_TLS_PORT, plain on $SCHEDULIGHT_TEST_SMTP_PLAIN_PORT"
}

stop_smtp() {
  local pid
  for pid in "${SMTP_SINK_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SMTP_SINK_PIDS=()
  [[ -n "${SMTP_SINK_ROOT:-}" ]] && rm -rf "$SMTP_SINK_ROOT"
}
