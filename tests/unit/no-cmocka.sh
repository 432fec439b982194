#!/bin/sh
# Stands in for the unit tests when configure found no cmocka: a loud
# failure, never a silent pass.
echo "1..1"
echo "not ok 1 - unit tests not built: cmocka was not found at configure time (install libcmocka-dev and re-run configure)"
