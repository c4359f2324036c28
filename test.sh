#!/usr/bin/env sh
# Runs the whole test suite: unit tests, the backend contract, crash tests and the
# integration tests (*IT) against the built jar with the real kubectl.
set -eu
cd "$(dirname "$0")"
. ./bench/lib.sh
java_home
exec mvn -B verify "$@"
