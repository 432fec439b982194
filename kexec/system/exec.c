// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <inttypes.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "system/exec.h"
#include "system/loadrecord.h"
#include "system/status.h"
#include "system/syscall.h"

#define MAX_INTERFACES 64

struct downed_interfaces {
	char name[MAX_INTERFACES][IFNAMSIZ];
	size_t nr;
};

static int set_interface_up(int sock, const char *name, bool up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	if (!!(ifr.ifr_flags & IFF_UP) == up)
		return 1;	/* already as wanted */
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return ioctl(sock, SIOCSIFFLAGS, &ifr) < 0 ? -1 : 0;
}

/*
 * Quiesce the network before the kernel is replaced, as kexec-tools
 * does: a device left up may DMA into memory the next kernel owns.
 */
static void interfaces_down(const char *sysfs_net, struct downed_interfaces *d)
{
	DIR *dir = opendir(sysfs_net);
	struct dirent *de;
	int sock;

	d->nr = 0;
	if (!dir)
		return;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	while (sock >= 0 && (de = readdir(dir)) && d->nr < MAX_INTERFACES) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "lo") == 0 ||
		    strlen(de->d_name) >= IFNAMSIZ)
			continue;
		if (set_interface_up(sock, de->d_name, false) == 0)
			snprintf(d->name[d->nr++], IFNAMSIZ, "%s", de->d_name);
	}
	if (sock >= 0)
		close(sock);
	closedir(dir);
}

static void interfaces_up(const struct downed_interfaces *d)
{
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return;
	for (size_t i = 0; i < d->nr; i++)
		set_interface_up(sock, d->name[i], true);
	close(sock);
}

/*
 * CLOCK_BOOTTIME, because the kernel suspends timekeeping for the jump
 * (syscore_suspend) and adds the time away back on resume: monotonic
 * time would hide it.
 */
static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The --debug line after a jump back: which image, and how long it ran. */
static void report_jump_back(const char *run_dir, double seconds)
{
	struct load_record rec;
	struct kj_error err = { 0 };

	if (load_record_read(run_dir, &rec, &err) < 0) {
		fprintf(stderr, "kexec: back from the loaded image after %.2f s "
			"(which one is not known: %s)\n", seconds, err.msg);
		return;
	}
	fprintf(stderr, "kexec: back from %s%s%s (entered at 0x%" PRIx64 ") after %.2f s; "
		"it stays loaded: kexec -e enters it again where it left off\n",
		rec.what, strcmp(rec.image, "-") ? " " : "", strcmp(rec.image, "-") ? rec.image : "",
		rec.entry, seconds);
}

int kexec_exec(const struct exec_request *req, FILE *out, struct kj_error *err)
{
	struct downed_interfaces downed;
	double started;
	bool loaded;

	/* Check first: syncing and taking the network down for nothing
	 * would be a poor answer to "nothing is loaded". */
	if (kexec_status(req->sysfs_kernel, false, &loaded, err) < 0)
		return -1;
	if (!loaded)
		return kj_fail(err, "no kexec image is loaded (load one with kexec -l)");
	if (req->dry_run) {
		fprintf(out, "would %s%sreboot(LINUX_REBOOT_CMD_KEXEC)\n",
			req->sync ? "sync, " : "",
			req->ifdown ? "bring network interfaces down, " : "");
		return 0;
	}
	if (req->sync)
		sync();
	downed.nr = 0;
	if (req->ifdown)
		interfaces_down(req->sysfs_net, &downed);
	started = seconds_now();
	if (kexec_reboot(err) < 0) {
		interfaces_up(&downed);
		return -1;
	}
	/* Only a preserve-context image comes back here. */
	interfaces_up(&downed);
	if (req->debug)
		report_jump_back(req->run_dir, seconds_now() - started);
	return 0;
}
