// Thread naming for kvbench's own threads (visible in top, perf and gdb). Linux's
// pthread_setname_np needs _GNU_SOURCE, which Swift's Glibc module does not expose.
#ifndef KVBENCH_CTHREADS_H
#define KVBENCH_CTHREADS_H

/// Names the calling thread (truncated to 15 bytes, the kernel's limit).
void kvb_set_current_thread_name(const char *name);

#endif
