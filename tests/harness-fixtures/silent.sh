#!/bin/sh
# Prints nothing and exits 0.
:
