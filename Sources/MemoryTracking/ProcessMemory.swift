#if canImport(Glibc)
import Glibc
#endif

/// Allocator-independent process memory from `/proc/self`: resident set now and its peak.
public enum ProcessMemory {
    /// Resident set size in bytes (`/proc/self/statm`, second field × page size).
    public static func residentBytes() -> UInt64? { residentBytes(of: "self") }

    /// Resident set size of another process (a repetition child), nil once it is gone.
    public static func residentBytes(pid: Int32) -> UInt64? { residentBytes(of: String(pid)) }

    private static func residentBytes(of process: String) -> UInt64? {
        guard let text = readProcFile("/proc/\(process)/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size in bytes (`VmHWM` in `/proc/self/status`).
    public static func peakResidentBytes() -> UInt64? {
        guard let text = readProcFile("/proc/self/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.dropFirst("VmHWM:".count).split(separator: " ").first.flatMap { UInt64($0) }
            return kib.map { $0 * 1024 }
        }
        return nil
    }

    static func readProcFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
