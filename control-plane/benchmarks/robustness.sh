#!/usr/bin/env sh
# On-demand robustness run (not part of the test suite): every class of bad input of issue 12 (items 7 and 8) to every
# entry point the handler mappings declare (pages, forms and API operations), as the identity that reaches each
# furthest, with a valid session and CSRF token; counts the answers by status and by class, and compares the row
# counts of every table and the space's directory entries before and after (none of these requests may write).
#   control-plane/benchmarks/robustness.sh
# Writes control-plane/benchmarks/results/<date>-robustness.md. The suite's BadInputEverywhereTest asserts no 5xx.
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl control-plane -am verify -Djacoco.skip=true -Dtest=RobustnessRun \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Dessaim.benchmark=robustness -Dresults=$(pwd)/control-plane/benchmarks/results"
cat control-plane/benchmarks/results/"$(date +%Y-%m-%d)"-robustness.md
