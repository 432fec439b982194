#!/bin/sh
# Three results and no plan.
echo "ok 1 - one"
echo "ok 2 - two"
echo "ok 3 - three"
