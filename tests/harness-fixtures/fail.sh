#!/bin/sh
# One result fails.
echo "1..3"
echo "ok 1 - one"
echo "not ok 2 - two"
echo "ok 3 - three"
