// SQLite's C API for the engine's KVStore (system libsqlite3). SQLITE_TRANSIENT is a cast macro
// Swift cannot import, hence the helper.
#include <sqlite3.h>

static inline sqlite3_destructor_type kvb_sqlite_transient(void) { return SQLITE_TRANSIENT; }
