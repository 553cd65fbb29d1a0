import Foundation
import Results

/// Turns the CPU profiles a child wrote into records: the file and the top functions from
/// `google-pprof --text` (Debian's google-perftools), when that tool is installed.
enum Profiles {
    static let pprofCandidates = ["/usr/bin/google-pprof", "/usr/bin/pprof"]
    static let topLines = 15

    static func collect(in workloadDirectory: URL, subdirectory: String, executable: String) -> [ProfileRecord] {
        let directory = workloadDirectory.appendingPathComponent(subdirectory)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".prof") || $0.hasSuffix(".heap") }.sorted()
        let pprof = pprofCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return files.map { file in
            let path = directory.appendingPathComponent(file).path
            var top: [String] = []
            if let pprof {
                let options = file.hasSuffix(".heap") ? ["--text", "--inuse_space"] : ["--text"]
                let text = ToolOutput.capture(pprof, options + [executable, path])
                top = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }.prefix(topLines + 1).map { $0 }
            } else {
                top = ["google-pprof not found (apt-get install google-perftools) — open \(file) with pprof"]
            }
            let phase = String(file.dropFirst("phase-".count).prefix { $0 != "." })
            return ProfileRecord(phase: phase, file: subdirectory + "/" + file, top: top)
        }
    }
}

/// Runs a tool and returns its standard output (stderr discarded).
enum ToolOutput {
    static func capture(_ executable: String, _ arguments: [String]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
