#!/bin/sh
# hibernate-corrupt: the hibernate scenario with a flipped byte in the
# saved image before the resume (see ../hibernate/guest.sh).
CORRUPT=1 . /usr/lib/kjump/hibernate.sh
