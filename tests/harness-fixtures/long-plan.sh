#!/bin/sh
# Plans two, runs three, exits 0.
echo "1..2"
echo "ok 1 - one"
echo "ok 2 - two"
echo "ok 3 - three"
