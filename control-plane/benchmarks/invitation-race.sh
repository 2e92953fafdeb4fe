#!/bin/sh
# On-demand benchmark (not part of the test suite): 100 concurrent invitations for the last place of a space at 49
# of 50, against the whole control plane on the real OpenLDAP slapd (Debian package slapd) and the embedded
# PostgreSQL; exactly one must succeed. Several rounds, each on a new space. From the repository's root:
#
#   control-plane/benchmarks/invitation-race.sh               # 5 rounds of 100
#   ROUNDS=10 CONCURRENT=200 control-plane/benchmarks/invitation-race.sh
#
# Writes control-plane/benchmarks/results/<date>-invitation-race.md and prints it.
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl control-plane -am verify -Djacoco.skip=true -Dtest=InvitationRaceBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Dessaim.benchmark=invitation-race -Drounds=${ROUNDS:-5} -Dconcurrent=${CONCURRENT:-100} -Dresults=$(pwd)/control-plane/benchmarks/results"
cat control-plane/benchmarks/results/"$(date +%Y-%m-%d)"-invitation-race.md
