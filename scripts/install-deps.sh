#!/usr/bin/env bash
# Installs the Debian 12 packages scheduLight needs to build, test and run.
# Idempotent: installs only what is missing, and does nothing when all is there.
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also the services the tests start (PostgreSQL, SMTP)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates tzdata
  libcpp-httplib-dev libcurl4-openssl-dev nlohmann-json3-dev libyaml-cpp-dev
  libpugixml-dev libcli11-dev libspdlog-dev libfmt-dev libpqxx-dev
  libsqlite3-dev libsqlitecpp-dev libhowardhinnant-date-dev libical-dev libmstch-dev
  libssl-dev libcrypt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-aiosmtpd  # the mail sink of `schedulight demo`
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql python3-aiosmtpd curl clang-format openssl python3-bcrypt)
  # The fuzzers (scripts/fuzz.sh): clang 16 with libFuzzer and the sanitizer
  # runtimes, and its llvm-symbolizer for readable reports.
  packages+=(clang-16 libclang-rt-16-dev llvm-16)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
