import Foundation

/// This process's executable: what `kvbench run` starts its repetitions with.
enum Executable {
    static var current: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }
}
