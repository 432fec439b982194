#!/bin/sh
# Gives up half way, exit 0.
echo "1..3"
echo "ok 1 - one"
echo "Bail out! no more"
