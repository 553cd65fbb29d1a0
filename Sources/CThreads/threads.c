#define _GNU_SOURCE
#include "CThreads.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

void kvb_set_current_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof truncated - 1);
    truncated[sizeof truncated - 1] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

int kvb_cpu_profiler_start(const char *path) {
    int (*start)(const char *) = (int (*)(const char *))dlsym(RTLD_DEFAULT, "ProfilerStart");
    return start ? start(path) : 0;
}

void kvb_cpu_profiler_stop(void) {
    void (*stop)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "ProfilerStop");
    if (stop) stop();
}

int kvb_heap_profiler_start(const char *prefix) {
    void (*start)(const char *) = (void (*)(const char *))dlsym(RTLD_DEFAULT, "HeapProfilerStart");
    if (!start) return 0;
    start(prefix);
    return 1;
}

void kvb_heap_profiler_dump_and_stop(const char *reason) {
    void (*dump)(const char *) = (void (*)(const char *))dlsym(RTLD_DEFAULT, "HeapProfilerDump");
    void (*stop)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "HeapProfilerStop");
    if (dump) dump(reason);
    if (stop) stop();
}

static volatile sig_atomic_t interrupt_signal;

static void record_interrupt(int signal_number) { interrupt_signal = signal_number; }

void kvb_install_interrupt_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int kvb_interrupt_signal(void) { return interrupt_signal; }
