#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: a normal build and one under
# AddressSanitizer + UndefinedBehaviorSanitizer, plus the formatting check.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# playwright-core and axe-core for the dashboard's accessibility test, as the lock file pins them.
(cd tests/dashboard && npm ci --no-audit --no-fund --loglevel=error)

echo "== formatting (clang-format)"
mapfile -t sources < <(find daemon rules notifiers db tests bench -name '*.cc' -o -name '*.h' 2>/dev/null | sort)
clang-format --dry-run --Werror "${sources[@]}"

echo "== build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2
echo "== tests"
ctest --test-dir build --output-on-failure -j2

echo "== build with ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFRISTVAKT_SANITIZE=ON
cmake --build build-asan -j2
echo "== tests with ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" ctest --test-dir build-asan --output-on-failure -j2
