/// The class of machine a result set was measured on, as one short identifier: the CPU model,
/// the number of cores and the kernel. The hostname is left out on purpose: the shards of one
/// suite run on as many machines as there are shards, each with its own name, and their figures
/// are comparable when the machines are alike — not when the names match.
extension HostRecord {
    /// 12 hex digits of SHA-256 over the CPU model, cores and kernel.
    public var fingerprint: String {
        String(SHA256.hex(Array("\(cpuModel)\n\(cores)\n\(kernel)".utf8)).prefix(12))
    }

    /// The same fields for people: `Intel(R) Xeon(R) × 2, Linux 6.1.0`.
    public var machine: String { "\(cpuModel) × \(cores), Linux \(kernel)" }
}
