// SPDX-License-Identifier: GPL-2.0-only
/* util_lib/io.c: whole reads and writes, through signals and short transfers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "kjump/io.h"

static void on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM every millisecond, without SA_RESTART: blocked reads see EINTR. */
static void start_interrupting(struct sigaction *saved)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval every_ms = { { 0, 1000 }, { 0, 1000 } };

	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, saved), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &every_ms, NULL), 0);
}

static void stop_interrupting(const struct sigaction *saved)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, saved, NULL);
}

/* A child writes TEXT to a pipe in two pieces, 20 ms apart; returns the read end. */
static int slow_writer(const char *text, pid_t *pid)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		size_t half = strlen(text) / 2;

		close(p[0]);
		usleep(20000);
		if (write(p[1], text, half) != (ssize_t)half)
			_exit(1);
		usleep(20000);
		if (write(p[1], text + half, strlen(text) - half) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

static void read_upto_survives_signals_and_short_reads(void **state)
{
	const char *text = "a pipe hands this over in two pieces";
	struct kj_error err = { 0 };
	struct sigaction saved;
	char buf[128] = { 0 };
	size_t got = 0;
	int status, fd;
	pid_t pid;

	(void)state;
	fd = slow_writer(text, &pid);
	start_interrupting(&saved);
	assert_int_equal(kj_read_upto(fd, buf, sizeof(buf), &got, "the pipe", &err), 0);
	stop_interrupting(&saved);
	assert_int_equal(got, strlen(text));
	assert_string_equal(buf, text);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd);
}

/* More than a pipe holds, to a reader that takes it in small bites. */
static void write_all_writes_everything(void **state)
{
	static unsigned char big[1 << 20];
	struct kj_error err = { 0 };
	int p[2], status;
	pid_t pid;

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		unsigned char bite[1000];
		size_t total = 0;
		ssize_t n;

		close(p[1]);
		while ((n = read(p[0], bite, sizeof(bite))) > 0) {
			for (ssize_t k = 0; k < n; k++)
				if (bite[k] != big[total + (size_t)k])
					_exit(2);
			total += (size_t)n;
		}
		_exit(total == sizeof(big) ? 0 : 1);
	}
	close(p[0]);
	assert_int_equal(kj_write_all(p[1], big, sizeof(big), "the pipe", &err), 0);
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void errors_name_the_file(void **state)
{
	struct kj_error err = { 0 };
	char buf[4];
	size_t got;

	(void)state;
	assert_int_equal(kj_write_all(-1, "x", 1, "out.core", &err), -1);
	assert_error_contains(&err, "cannot write out.core: ");
	kj_error_clear(&err);
	assert_int_equal(kj_read_upto(-1, buf, sizeof(buf), &got, "in.core", &err), -1);
	assert_error_contains(&err, "cannot read in.core: ");
	kj_error_clear(&err);
	assert_int_equal(kj_pread_upto(-1, buf, sizeof(buf), 8, &got, "in.core", &err), -1);
	assert_error_contains(&err, "cannot read in.core at offset 8: ");
	kj_error_clear(&err);
	assert_int_equal(kj_write_all(-1, "", 0, "out.core", &err), 0);
	assert_false(err.set);
}

static void pread_full_and_upto(void **state)
{
	char *dir = make_temp_dir(), path[512], buf[16];
	struct kj_error err = { 0 };
	size_t got;
	int fd;

	(void)state;
	write_text_file(dir, "f", "0123456789");
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(kj_pread_full(fd, buf, 4, 3, "f", &err), 0);
	assert_memory_equal(buf, "3456", 4);
	/* The descriptor's own offset did not move. */
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 0);
	assert_int_equal(kj_pread_upto(fd, buf, sizeof(buf), 6, &got, "f", &err), 0);
	assert_int_equal(got, 4);
	assert_memory_equal(buf, "6789", 4);
	assert_int_equal(kj_pread_upto(fd, buf, sizeof(buf), 100, &got, "f", &err), 0);
	assert_int_equal(got, 0);
	assert_int_equal(kj_pread_full(fd, buf, 8, 6, "f", &err), -1);
	assert_string_equal(err.msg, "f is truncated (8 bytes at offset 6)");
	close(fd);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_upto_survives_signals_and_short_reads),
		cmocka_unit_test(write_all_writes_everything),
		cmocka_unit_test(errors_name_the_file),
		cmocka_unit_test(pread_full_and_upto),
	};
	return cmocka_run_group_tests_name("io", tests, NULL, NULL);
}
