// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "arch/x86/x86.h"
#include "arch/x86/start.h"
#include "kjump/purgatory.h"
#include "purgatory/contract.h"

bool x86_kernel_is_64(const struct kexec_plan *plan)
{
	return (plan->flags & KEXEC_ARCH_MASK) == KEXEC_ARCH_X86_64;
}

static int set_registers(struct purgatory *p, const struct x86_entry *entry,
			 bool purgatory64, struct kj_error *err)
{
	uint32_t mode = entry->mode64 ? PURGATORY_ENTER_64 : PURGATORY_ENTER_32;
	/* A 16550 clocked at 1.8432 MHz: divisor = 115200 / baud (console.c). */
	uint16_t divisor = entry->serial_baud ? (uint16_t)(115200 / entry->serial_baud) : 0;

	if (entry->mode64) {
		struct purgatory_regs64 r64;

		memset(&r64, 0, sizeof(r64));
		r64.rip = entry->ip;
		r64.rsi = entry->si;
		r64.rsp = entry->sp;
		r64.rax = entry->ax;
		r64.rbx = entry->bx;
		r64.rdi = entry->di;
		if (purgatory_set(p, "purgatory_regs64", &r64, sizeof(r64), err) < 0)
			return -1;
	} else {
		struct purgatory_regs32 r32;

		/* boot.rst, 32-bit boot protocol: %esi = boot_params, and
		 * %ebp, %edi, %ebx zero (they are, memset). */
		memset(&r32, 0, sizeof(r32));
		r32.eip = (uint32_t)entry->ip;
		r32.esi = (uint32_t)entry->si;
		r32.esp = (uint32_t)entry->sp;
		r32.eax = (uint32_t)entry->ax;
		r32.ebx = (uint32_t)entry->bx;
		if (purgatory_set(p, "purgatory_regs32", &r32, sizeof(r32), err) < 0)
			return -1;
	}
	if (entry->mode64 && !purgatory64)
		return kj_fail(err, "a 64-bit entry needs a 64-bit kernel and kexec");
	if (purgatory_set(p, "purgatory_serial_port", &entry->serial_port,
			  sizeof(entry->serial_port), err) < 0 ||
	    purgatory_set(p, "purgatory_serial_divisor", &divisor, sizeof(divisor), err) < 0 ||
	    purgatory_set(p, "purgatory_console_vga", &entry->console_vga,
			  sizeof(entry->console_vga), err) < 0)
		return -1;
	if (entry->cmdline_addr &&
	    (purgatory_set(p, "purgatory_cmdline", &entry->cmdline_addr,
			   sizeof(entry->cmdline_addr), err) < 0 ||
	     purgatory_set(p, "purgatory_cmdline_room", &entry->cmdline_room,
			   sizeof(entry->cmdline_room), err) < 0))
		return -1;
	return purgatory_set(p, "purgatory_entry_mode", &mode, sizeof(mode), err);
}

int x86_finish_plan(struct load_context *ctx, const struct x86_entry *requested)
{
	struct x86_entry entry_copy = *requested;
	const struct x86_entry *entry = &entry_copy;
	/* The kernel enters the purgatory in its own mode: long mode from
	 * an x86_64 kernel, flat 32-bit protected mode from an i386 one
	 * (relocate_kernel_{64,32}.S). */
	bool purgatory64 = x86_kernel_is_64(ctx->plan) && sizeof(void *) == 8;
	struct purgatory *p;

	/* --console-serial, --serial-baud (kexec-tools' purgatory options)
	 * name the port instead of the new kernel's console=ttyS. */
	if (ctx->req && ctx->req->console_serial_port) {
		entry_copy.serial_port = ctx->req->console_serial_port;
		entry_copy.serial_baud = ctx->req->console_serial_baud;
	}
	if (ctx->req && ctx->req->console_vga)
		entry_copy.console_vga = 1;

	if (!purgatory64 && x86_kernel_is_64(ctx->plan))
		return kj_fail(ctx->err, "a 32-bit kexec cannot load kernels for a 64-bit "
			       "running kernel: use the x86_64 kexec");
	if (purgatory_prepare(ctx, purgatory64 ? PURGATORY_X86_64 : PURGATORY_I386,
			      entry->purgatory_min, entry->purgatory_max, &p) < 0 ||
	    set_registers(p, entry, purgatory64, ctx->err) < 0)
		return -1;
	return purgatory_finish(p, ctx->plan, ctx->err);
}
