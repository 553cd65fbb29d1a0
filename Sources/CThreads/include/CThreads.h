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

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` in `directory` (NULL: the caller's) as the leader of a new
/// process group, its standard input, output and error on the given descriptors, SIGINT, SIGTERM
/// and SIGPIPE at their defaults and no signal blocked. Returns the pid, or -errno.
pid_t kvb_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int stdin_fd, int stdout_fd, int stderr_fd);

/// A pipe whose two ends are closed on exec (pipe2 with O_CLOEXEC). Returns 0 or -1 (errno set).
int kvb_pipe_cloexec(int fds[2]);

/// Makes the kernel send SIGKILL to the calling process when its parent dies, then checks the
/// parent is still `expected_parent` (it may have died before the call). Returns 0, or -1 when
/// the parent is already gone.
int kvb_die_with_parent(pid_t expected_parent);

#endif
