/* SPDX-License-Identifier: GPL-2.0-only */
/* Small language helpers shared by every part of kjump. */
#ifndef KJUMP_COMPILER_H
#define KJUMP_COMPILER_H

/*
 * The number of elements of array A.  A must be a true array, not a
 * pointer: sizeof a pointer would silently give a wrong count.
 */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
