import Foundation

/// gzip-compresses with /usr/bin/gzip (the real tool, so the test does not trust our
/// own code to make its input). Input comes from a file to avoid pipe deadlocks.
public func gzip(_ data: Data) throws -> Data {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("fetcher-gzip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("input")
    try data.write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-k", "-9", input.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw GzipError.failed(process.terminationStatus) }
    return try Data(contentsOf: directory.appendingPathComponent("input.gz"))
}

public enum GzipError: Error {
    case failed(Int32)
}

/// `count` zero bytes gzipped, made by `head -c COUNT /dev/zero | gzip -1` without
/// touching the disk: 50 MB of zeros comes out near 50 KB, a compression bomb.
public func gzippedZeros(count: Int) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "head -c \(count) /dev/zero | /usr/bin/gzip -1 -c"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    // Read before waiting: a full pipe would block the child (STYLE §2).
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw GzipError.failed(process.terminationStatus) }
    return data
}
