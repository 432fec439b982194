#!/bin/sh
# Dies of SIGSEGV after two results (no core file).
echo "1..3"
echo "ok 1 - one"
echo "ok 2 - two"
ulimit -c 0
kill -SEGV $$
