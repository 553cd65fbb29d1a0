// Thread naming for kvbench's own threads (visible in top, perf and gdb). Linux's
// pthread_setname_np needs _GNU_SOURCE, which Swift's Glibc module does not expose.
#ifndef KVBENCH_CTHREADS_H
#define KVBENCH_CTHREADS_H

/// Names the calling thread (truncated to 15 bytes, the kernel's limit).
void kvb_set_current_thread_name(const char *name);

/// Installs SIGINT and SIGTERM handlers that only set a flag (async-signal-safe); the run
/// loop polls it to stop the current repetition and keep what completed.
void kvb_install_interrupt_handlers(void);
/// The signal that arrived (SIGINT or SIGTERM), or 0.
int kvb_interrupt_signal(void);

/// gperftools' CPU profiler, when libprofiler is loaded (LD_PRELOAD): starts writing a profile
/// to `path`. Returns 0 when the profiler is absent or refused.
int kvb_cpu_profiler_start(const char *path);
/// Stops and flushes the profile started last.
void kvb_cpu_profiler_stop(void);

/// gperftools' heap profiler (tcmalloc must serve malloc): starts writing `prefix.NNNN.heap`
/// dumps. Returns 0 when the profiler is absent.
int kvb_heap_profiler_start(const char *prefix);
/// Writes a dump of what is in use now, then stops.
void kvb_heap_profiler_dump_and_stop(const char *reason);

#endif
