#define _GNU_SOURCE
#include "CAllocator.h"

#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef int (*kvb_mallctl_fn)(const char *, void *, size_t *, void *, size_t);

_Thread_local kvb_thread_state kvb_tls;
int64_t kvb_domain_totals[KVB_DOMAIN_COUNT];
// kv_engine folds at quota × 0.5% / ncpus; 32 KiB is that for a 12 GiB quota on 2 cores and
// MemoryTracking lowers it to the bucket's figure when a bucket is created.
int64_t kvb_fold_threshold = 32 * 1024;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static kvb_thread_state *registry_head;
static pthread_key_t exit_key;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static kvb_mallctl_fn resolved_mallctl;
static int jemalloc_active;

// tcmalloc: per-thread byte counters maintained by malloc hooks, so the domain accounting can
// treat them exactly like jemalloc's thread.allocatedp / thread.deallocatedp.
typedef size_t (*kvb_allocated_size_fn)(const void *);
typedef int (*kvb_numeric_property_fn)(const char *, size_t *);
typedef int (*kvb_add_new_hook_fn)(void (*)(const void *, size_t));
typedef int (*kvb_add_delete_hook_fn)(void (*)(const void *));
static kvb_allocated_size_fn tc_allocated_size;
static kvb_numeric_property_fn tc_numeric_property;
static int tcmalloc_active;
static _Thread_local uint64_t tc_allocated;
static _Thread_local uint64_t tc_deallocated;

static void tc_new_hook(const void *ptr, size_t size) {
    (void)size;
    if (ptr) tc_allocated += tc_allocated_size(ptr);
}

static void tc_delete_hook(const void *ptr) {
    if (ptr) tc_deallocated += tc_allocated_size(ptr);
}

static kvb_allocator_kind classify(const char *path) {
    if (!path) return KVB_ALLOCATOR_UNKNOWN;
    if (strstr(path, "jemalloc")) return KVB_ALLOCATOR_JEMALLOC;
    if (strstr(path, "tcmalloc")) return KVB_ALLOCATOR_TCMALLOC;
    if (strstr(path, "libc.so") || strstr(path, "libc-")) return KVB_ALLOCATOR_GLIBC;
    return KVB_ALLOCATOR_UNKNOWN;
}

kvb_allocator_kind kvb_detect_allocator(char *path, size_t path_len) {
    void *sym = dlsym(RTLD_DEFAULT, "malloc");
    Dl_info info;
    const char *where = NULL;
    if (sym && dladdr(sym, &info) && info.dli_fname) where = info.dli_fname;
    if (path && path_len > 0) {
        path[0] = 0;
        if (where) {
            strncpy(path, where, path_len - 1);
            path[path_len - 1] = 0;
        }
    }
    return classify(where);
}

static void thread_exit(void *arg) {
    kvb_thread_state *s = arg;
    kvb__credit_current(s);
    pthread_mutex_lock(&registry_lock);
    for (int d = 0; d < KVB_DOMAIN_COUNT; d++) {
        __atomic_fetch_add(&kvb_domain_totals[d], s->residue[d], __ATOMIC_RELAXED);
        __atomic_store_n(&s->residue[d], 0, __ATOMIC_RELAXED);
    }
    if (s->prev) s->prev->next = s->next; else registry_head = s->next;
    if (s->next) s->next->prev = s->prev;
    s->next = s->prev = NULL;
    s->registered = 0;
    pthread_mutex_unlock(&registry_lock);
}

static void init_process(void);

// The allocator is detected and tcmalloc's hooks installed before main, so a thread's counters
// see (nearly) every allocation it makes, not only those after kvbench's first call here.
__attribute__((constructor)) static void init_at_load(void) { pthread_once(&init_once, init_process); }

static void init_process(void) {
    pthread_key_create(&exit_key, thread_exit);
    kvb_allocator_kind kind = kvb_detect_allocator(NULL, 0);
    resolved_mallctl = (kvb_mallctl_fn)dlsym(RTLD_DEFAULT, "mallctl");
    jemalloc_active = resolved_mallctl != NULL && kind == KVB_ALLOCATOR_JEMALLOC;
    if (kind == KVB_ALLOCATOR_TCMALLOC) {
        tc_allocated_size = (kvb_allocated_size_fn)dlsym(RTLD_DEFAULT, "MallocExtension_GetAllocatedSize");
        tc_numeric_property = (kvb_numeric_property_fn)dlsym(RTLD_DEFAULT, "MallocExtension_GetNumericProperty");
        kvb_add_new_hook_fn add_new = (kvb_add_new_hook_fn)dlsym(RTLD_DEFAULT, "MallocHook_AddNewHook");
        kvb_add_delete_hook_fn add_delete = (kvb_add_delete_hook_fn)dlsym(RTLD_DEFAULT, "MallocHook_AddDeleteHook");
        if (tc_allocated_size && tc_numeric_property && add_new && add_delete && add_new(tc_new_hook) && add_delete(tc_delete_hook)) {
            tcmalloc_active = 1;
        }
    }
}

int kvb_tcmalloc_active(void) {
    pthread_once(&init_once, init_process);
    return tcmalloc_active;
}

int kvb_tcmalloc_property(const char *name, uint64_t *out) {
    if (!kvb_tcmalloc_active()) return -1;
    size_t value = 0;
    if (!tc_numeric_property(name, &value)) return -1;
    *out = value;
    return 0;
}

int kvb_jemalloc_active(void) {
    pthread_once(&init_once, init_process);
    return jemalloc_active;
}

void kvb_thread_register(void) {
    kvb_thread_state *s = &kvb_tls;
    pthread_once(&init_once, init_process);
    if (jemalloc_active) {
        size_t len = sizeof(uint64_t *);
        if (resolved_mallctl("thread.allocatedp", &s->allocatedp, &len, NULL, 0) != 0) s->allocatedp = NULL;
        len = sizeof(uint64_t *);
        if (resolved_mallctl("thread.deallocatedp", &s->deallocatedp, &len, NULL, 0) != 0) s->deallocatedp = NULL;
        if (!s->allocatedp || !s->deallocatedp) s->allocatedp = s->deallocatedp = NULL;
    }
    if (tcmalloc_active) {
        s->allocatedp = &tc_allocated;
        s->deallocatedp = &tc_deallocated;
    }
    // The thread's counters run from its start (jemalloc's are zero for a new thread, tcmalloc's
    // from the hooks installed at process start): the marks stay at zero, so what the thread
    // allocated before its first switch is credited to `none` like the rest of its own bytes,
    // and freeing it later cannot drive `none` negative.
    s->mark_allocated = 0;
    s->mark_deallocated = 0;
    pthread_mutex_lock(&registry_lock);
    s->prev = NULL;
    s->next = registry_head;
    if (registry_head) registry_head->prev = s;
    registry_head = s;
    s->registered = 1;
    pthread_mutex_unlock(&registry_lock);
    pthread_setspecific(exit_key, s);
}

void kvb_thread_ensure_registered(void) {
    if (!kvb_tls.registered) kvb_thread_register();
}

void kvb_set_fold_threshold(int64_t bytes) {
    __atomic_store_n(&kvb_fold_threshold, bytes < 0 ? 0 : bytes, __ATOMIC_RELAXED);
}

int64_t kvb_domain_precise(int domain) {
    kvb_thread_state *self = &kvb_tls;
    if (!self->registered) kvb_thread_register();
    kvb__credit_current(self);
    pthread_mutex_lock(&registry_lock);
    int64_t sum = __atomic_load_n(&kvb_domain_totals[domain], __ATOMIC_RELAXED);
    for (kvb_thread_state *s = registry_head; s; s = s->next)
        sum += __atomic_load_n(&s->residue[domain], __ATOMIC_RELAXED);
    pthread_mutex_unlock(&registry_lock);
    return sum;
}

uint64_t kvb_thread_allocated(void) {
    if (!kvb_tls.registered) kvb_thread_register();
    return kvb_tls.allocatedp ? *kvb_tls.allocatedp : 0;
}

uint64_t kvb_thread_deallocated(void) {
    if (!kvb_tls.registered) kvb_thread_register();
    return kvb_tls.deallocatedp ? *kvb_tls.deallocatedp : 0;
}

int kvb_mallctl_read_number(const char *name, uint64_t *out, size_t width) {
    if (!kvb_jemalloc_active()) return -1;
    union { uint64_t u64; size_t sz; unsigned u32; uint8_t b; } value;
    memset(&value, 0, sizeof value);
    size_t len = width;
    if (width != sizeof(uint64_t) && width != sizeof(unsigned) && width != sizeof(uint8_t)) return -1;
    int rc = resolved_mallctl(name, &value, &len, NULL, 0);
    if (rc != 0) return rc;
    if (width == sizeof(uint64_t)) *out = value.u64;
    else if (width == sizeof(unsigned)) *out = value.u32;
    else *out = value.b;
    return 0;
}

int kvb_mallctl_read_string(const char *name, char *out, size_t out_len) {
    if (!kvb_jemalloc_active() || out_len == 0) return -1;
    const char *value = NULL;
    size_t len = sizeof value;
    int rc = resolved_mallctl(name, &value, &len, NULL, 0);
    if (rc != 0 || !value) return rc ? rc : -1;
    strncpy(out, value, out_len - 1);
    out[out_len - 1] = 0;
    return 0;
}

int kvb_mallctl_refresh_epoch(void) {
    if (!kvb_jemalloc_active()) return -1;
    uint64_t epoch = 1;
    size_t len = sizeof epoch;
    return resolved_mallctl("epoch", &epoch, &len, &epoch, sizeof epoch);
}

int kvb_glibc_mallinfo(uint64_t *in_use, uint64_t *arena) {
    struct mallinfo2 info = mallinfo2();
    *in_use = info.uordblks;
    *arena = info.arena + info.hblkhd;
    return 0;
}

int kvb_verify_on;
int kvb_tracking_paused;

void kvb_set_tracking_paused(int paused) { __atomic_store_n(&kvb_tracking_paused, paused, __ATOMIC_RELAXED); }
int kvb_tracking_is_paused(void) { return __atomic_load_n(&kvb_tracking_paused, __ATOMIC_RELAXED); }
static unsigned verify_arenas[KVB_DOMAIN_COUNT];

int kvb_verify_enable(void) {
    if (!kvb_jemalloc_active()) return -1;
    for (int domain = 0; domain < KVB_DOMAIN_COUNT; domain++) {
        unsigned arena = 0;
        size_t len = sizeof arena;
        if (resolved_mallctl("arenas.create", &arena, &len, NULL, 0) != 0) return -1;
        verify_arenas[domain] = arena;
    }
    __atomic_store_n(&kvb_verify_on, 1, __ATOMIC_RELEASE);
    kvb_verify_switch(kvb_tls.domain);
    return 0;
}

void kvb_verify_switch(int domain) {
    unsigned arena = verify_arenas[domain];
    resolved_mallctl("thread.arena", NULL, NULL, &arena, sizeof arena);
}

int kvb_verify_arena_bytes(int domain, uint64_t *out) {
    if (!kvb_verify_on || kvb_mallctl_refresh_epoch() != 0) return -1;
    char name[64];
    size_t small = 0, large = 0, len = sizeof(size_t);
    snprintf(name, sizeof name, "stats.arenas.%u.small.allocated", verify_arenas[domain]);
    if (resolved_mallctl(name, &small, &len, NULL, 0) != 0) return -1;
    len = sizeof(size_t);
    snprintf(name, sizeof name, "stats.arenas.%u.large.allocated", verify_arenas[domain]);
    if (resolved_mallctl(name, &large, &len, NULL, 0) != 0) return -1;
    *out = (uint64_t)small + (uint64_t)large;
    return 0;
}
