// C shim between kvbench and whichever allocator serves the process (DESIGN.md §4).
//
// Nothing here links an allocator: jemalloc's mallctl is resolved with dlsym at run time, so the
// same binary runs under jemalloc (LD_PRELOAD), tcmalloc or glibc. Domain state lives in C
// _Thread_local storage behind static inline functions because a domain switch sits on every
// engine entry point and must cost a few nanoseconds.
#ifndef KVBENCH_CALLOCATOR_H
#define KVBENCH_CALLOCATOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    KVB_ALLOCATOR_UNKNOWN = 0,
    KVB_ALLOCATOR_GLIBC = 1,
    KVB_ALLOCATOR_JEMALLOC = 2,
    KVB_ALLOCATOR_TCMALLOC = 3,
} kvb_allocator_kind;

/// Which allocator really serves `malloc` (dladdr on the resolved symbol), and the path of the
/// object that defines it (copied into `path`, at most `path_len` bytes, NUL-terminated).
kvb_allocator_kind kvb_detect_allocator(char *path, size_t path_len);

/// 1 when jemalloc's `mallctl` is resolvable *and* jemalloc serves malloc.
int kvb_jemalloc_active(void);

/// 1 when tcmalloc serves malloc and its hooks feed the per-thread byte counters.
int kvb_tcmalloc_active(void);
/// Reads a tcmalloc numeric property such as "generic.current_allocated_bytes". 0 on success.
int kvb_tcmalloc_property(const char *name, uint64_t *out);

/// glibc's `mallinfo2()`: bytes in use and bytes held (arena + mmapped). Only meaningful when
/// glibc serves malloc.
int kvb_glibc_mallinfo(uint64_t *in_use, uint64_t *arena);

/// Reads a numeric mallctl (size_t, uint64_t or unsigned, told by `width` in bytes). 0 on success.
int kvb_mallctl_read_number(const char *name, uint64_t *out, size_t width);
/// Reads a string mallctl such as "version". 0 on success.
int kvb_mallctl_read_string(const char *name, char *out, size_t out_len);
/// Advances jemalloc's stats epoch so that `stats.*` reads are fresh. 0 on success.
int kvb_mallctl_refresh_epoch(void);

enum {
    KVB_DOMAIN_NONE = 0,
    KVB_DOMAIN_PRIMARY = 1,
    KVB_DOMAIN_SECONDARY = 2,
    KVB_DOMAIN_COUNT = 3,
};

/// Per-thread accounting state. Only the owning thread writes it; `residue` is read by other
/// threads (precise reads) with relaxed atomics.
typedef struct kvb_thread_state {
    uint64_t *allocatedp;
    uint64_t *deallocatedp;
    uint64_t mark_allocated;
    uint64_t mark_deallocated;
    int64_t residue[KVB_DOMAIN_COUNT];
    int domain;
    int registered;
    struct kvb_thread_state *next;
    struct kvb_thread_state *prev;
} kvb_thread_state;

extern _Thread_local kvb_thread_state kvb_tls;
extern int64_t kvb_domain_totals[KVB_DOMAIN_COUNT];
extern int64_t kvb_fold_threshold;
/// Non-zero in verify mode: every domain switch also moves the thread to the domain's arena.
extern int kvb_verify_on;
/// Non-zero while domain tracking is paused (the overhead benchmark's "off" side): switches
/// change nothing, so allocations stay with whatever domain each thread had.
extern int kvb_tracking_paused;
void kvb_set_tracking_paused(int paused);
int kvb_tracking_is_paused(void);

/// Verify mode (jemalloc only, thread cache off via MALLOC_CONF=tcache:false): creates one arena
/// per tracked domain. Returns 0 on success.
int kvb_verify_enable(void);
/// Moves the calling thread to the arena of `domain` (called by kvb_domain_switch in verify mode).
void kvb_verify_switch(int domain);
/// Bytes allocated from the arena of `domain` (small + large), after an epoch refresh. 0 on success.
int kvb_verify_arena_bytes(int domain, uint64_t *out);

/// Slow path on a thread's first switch: fetches jemalloc's thread counter pointers and joins
/// the registry that precise reads walk. The thread is credited from its start: everything it
/// allocated before this call counts to `none`, the domain every thread starts in.
void kvb_thread_register(void);
/// Registers the calling thread unless it is already: a thread that never switches domain is
/// otherwise never registered, and its bytes are in no domain's figures.
void kvb_thread_ensure_registered(void);

/// Sets the estimate fold threshold (bytes a thread may hold back before publishing).
void kvb_set_fold_threshold(int64_t bytes);

static inline void kvb__credit_current(kvb_thread_state *s) {
    if (!s->allocatedp) return;
    uint64_t a = *s->allocatedp;
    uint64_t d = *s->deallocatedp;
    int64_t delta = (int64_t)(a - s->mark_allocated) - (int64_t)(d - s->mark_deallocated);
    s->mark_allocated = a;
    s->mark_deallocated = d;
    int64_t *slot = &s->residue[s->domain];
    int64_t r = __atomic_load_n(slot, __ATOMIC_RELAXED) + delta;
    int64_t limit = __atomic_load_n(&kvb_fold_threshold, __ATOMIC_RELAXED);
    if (r > limit || r < -limit) {
        __atomic_fetch_add(&kvb_domain_totals[s->domain], r, __ATOMIC_RELAXED);
        r = 0;
    }
    __atomic_store_n(slot, r, __ATOMIC_RELAXED);
}

/// Makes `domain` current on this thread, crediting what the thread allocated since the last
/// switch to the domain that was current. Returns the previous domain.
static inline int kvb_domain_switch(int domain) {
    kvb_thread_state *s = &kvb_tls;
    if (__builtin_expect(!s->registered, 0)) kvb_thread_register();
    int previous = s->domain;
    if (previous == domain || __builtin_expect(__atomic_load_n(&kvb_tracking_paused, __ATOMIC_RELAXED), 0)) return previous;
    kvb__credit_current(s);
    s->domain = domain;
    if (__builtin_expect(kvb_verify_on, 0)) kvb_verify_switch(domain);
    return previous;
}

static inline int kvb_domain_current(void) { return kvb_tls.domain; }

/// Published total only: one atomic load, possibly behind by `threshold × threads`.
static inline int64_t kvb_domain_estimate(int domain) {
    return __atomic_load_n(&kvb_domain_totals[domain], __ATOMIC_RELAXED);
}

/// Published total plus every live thread's unpublished residue (and the caller's own
/// in-flight bytes). Other threads' bytes since their last switch are not visible.
int64_t kvb_domain_precise(int domain);

/// Bytes this thread has allocated/deallocated in its life (jemalloc, or tcmalloc through its hooks; 0 otherwise).
uint64_t kvb_thread_allocated(void);
uint64_t kvb_thread_deallocated(void);

#ifdef __cplusplus
}
#endif
#endif
