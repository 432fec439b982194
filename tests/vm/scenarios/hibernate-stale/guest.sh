#!/bin/sh
# hibernate-stale: boot 2 runs without the image (its device missing) and
# goes on; boot 3 finds the image again and must refuse it, since boot 2
# may have changed the disks (see ../hibernate/guest.sh).
VARIANT=stale . /usr/lib/kjump/hibernate.sh
