#!/bin/sh
# Plans nothing, runs nothing, gives no reason to skip.
echo "1..0"
