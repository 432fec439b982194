#!/bin/sh
# A plan between the results.
echo "ok 1 - one"
echo "1..2"
echo "ok 2 - two"
