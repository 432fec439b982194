// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long a command spends in user space before it calls reboot():
 * for tests/vm/scenarios/bench-exec, which runs `kexec -e` under it in
 * a QEMU guest.
 *
 *   exec-timer COMMAND [ARG...]
 *
 * The command runs traced (ptrace, stopping at every system call: the
 * guest kernels have no seccomp to stop at reboot() alone).  From the
 * moment its execve() has loaded it to the moment it enters reboot(),
 * the time is split into time inside system calls and the rest (its
 * own code, plus the tracing's stops).  After the command exits, one
 * line: "exec-timer: ... TOTAL_US ... SYSCALL_US ... N syscalls" (see
 * the printf), or "exec-timer: no reboot()" when it never called it.
 * Exits with the command's status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct timing {
	double exec_at;		/* execve() done, -1 before */
	double entered_at;	/* last syscall entry */
	double in_syscalls;	/* summed entry-to-exit time before reboot() */
	unsigned int syscalls;
	double reboot_at;	/* reboot() entered, -1 before */
	int in_call;		/* between an entry stop and its exit stop */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long syscall_number(pid_t pid)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
		return -1;
#ifdef __x86_64__
	return (long)regs.orig_rax;
#else
	return regs.orig_eax;
#endif
}

/* One syscall stop (entry or exit alternate) after execve. */
static void on_syscall_stop(pid_t pid, struct timing *t)
{
	double at = now();

	if (t->exec_at < 0 || t->reboot_at >= 0)
		return;
	if (!t->in_call) {
		t->in_call = 1;
		t->entered_at = at;
		if (syscall_number(pid) == SYS_reboot)
			t->reboot_at = at;
		return;
	}
	t->in_call = 0;
	t->in_syscalls += at - t->entered_at;
	t->syscalls++;
}

static pid_t start(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct timing t = { .exec_at = -1, .reboot_at = -1 };
	pid_t pid;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: exec-timer COMMAND [ARG...]\n");
		return 2;
	}
	pid = start(argv + 1);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
		perror("exec-timer: start");
		return 2;
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL));
	ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
	for (;;) {
		int sig = 0;

		if (waitpid(pid, &status, 0) < 0) {
			if (errno == EINTR)
				continue;
			perror("exec-timer: waitpid");
			return 2;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80))
			on_syscall_stop(pid, &t);
		else if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
			/* execve's exit stop comes next: what is left of
			 * it after the exec counts as the first syscall. */
			t.exec_at = now();
			t.in_call = 1;
			t.entered_at = t.exec_at;
		} else if (WSTOPSIG(status) != SIGTRAP)
			sig = WSTOPSIG(status);
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
	}
	if (t.reboot_at < 0)
		printf("exec-timer: no reboot()\n");
	else
		printf("exec-timer: %.0f us from execve to reboot(), %.0f us of it in "
		       "%u syscalls, %.0f us outside them\n",
		       (t.reboot_at - t.exec_at) * 1e6, t.in_syscalls * 1e6, t.syscalls,
		       (t.reboot_at - t.exec_at - t.in_syscalls) * 1e6);
	fflush(stdout);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
