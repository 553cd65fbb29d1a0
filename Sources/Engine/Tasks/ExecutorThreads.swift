#if canImport(Glibc)
import Glibc
#endif

/// Threads per executor pool (`num_reader_threads`, `num_writer_threads`, `num_auxio_threads`,
/// `num_nonio_threads`), defaulting as ep-engine's `ExecutorPool` sizes them from the CPU count:
/// readers and writers one per CPU within 4…128, AuxIO one per CPU within 2…128, NonIO 30% of
/// the CPUs within 2…8.
public struct ExecutorThreads: Sendable, Equatable {
    public var reader: Int
    public var writer: Int
    public var auxIO: Int
    public var nonIO: Int

    public init(reader: Int, writer: Int, auxIO: Int, nonIO: Int) {
        self.reader = reader
        self.writer = writer
        self.auxIO = auxIO
        self.nonIO = nonIO
    }

    /// ep-engine's defaults for `cpus` CPUs (default: this machine's).
    public static func engineDefaults(cpus: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) -> ExecutorThreads {
        let cpus = max(1, cpus)
        return ExecutorThreads(reader: min(max(cpus, 4), 128), writer: min(max(cpus, 4), 128), auxIO: min(max(cpus, 2), 128),
                               nonIO: min(max(Int(Double(cpus) * 0.3), 2), 8))
    }

    var byPool: [TaskPoolKind: Int] { [.reader: reader, .writer: writer, .auxIO: auxIO, .nonIO: nonIO] }
}
