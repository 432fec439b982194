#!/bin/sh
# hibernate-corrupt: the hibernate scenario with a flipped byte in the
# saved image before the resume (see ../hibernate/guest.sh).
VARIANT=corrupt . /usr/lib/kjump/hibernate.sh
