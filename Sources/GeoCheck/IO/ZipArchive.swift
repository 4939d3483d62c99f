import CDeflate
import Foundation

/// Writes a zip archive of deflated entries with zlib: the entries are compressed side by side
/// (one per worker), at `level` (1, the fastest, by default: a workbook's XML shrinks nearly as
/// much as at zlib's default 6, in a third of the time), then written with their local headers,
/// the central directory and its end record (PKWARE APPNOTE 4.3; no Zip64, so each entry and
/// the archive stay below 4 GiB — an error otherwise). Used for XLSX workbooks; `path` names
/// the archive in errors.
///
///     let bytes = try ZipArchive.archive([.init("[Content_Types].xml", Data(xml.utf8)), …], path: "book.xlsx")
public enum ZipArchive {
    public struct Entry: Sendable {
        public var name: String
        public var data: Data

        public init(_ name: String, _ data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// An entry as stored: raw deflate data, CRC-32 and sizes.
    private struct Stored: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: Int
        var compressed: Data
    }

    public static func archive(_ entries: [Entry], path: String, level: Int32 = 1,
                               workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Data {
        let stored = try ParallelMap.map(count: entries.count, workers: workers, local: {}) { _, index in
            try store(entries[index], level: level, path: path)
        }
        var archive = Data()
        var directory = Data()
        let (time, date) = dosTime(Date())
        for entry in stored {
            guard entry.size <= Int(UInt32.max), entry.compressed.count <= Int(UInt32.max), archive.count <= Int(UInt32.max) else {
                throw InputError("\(path): \(String(decoding: entry.name, as: UTF8.self)) is 4 GiB or more (zip archives without Zip64)")
            }
            let offset = UInt32(archive.count)
            archive.append(le32: 0x0403_4b50)  // local file header
            archive.append(fields(of: entry, time: time, date: date))
            archive.append(contentsOf: entry.name)
            archive.append(entry.compressed)
            directory.append(le32: 0x0201_4b50)  // its central directory record
            directory.append(le16: 20)  // made by: version 2.0, MS-DOS attributes
            directory.append(fields(of: entry, time: time, date: date))
            directory.append(le16: 0)  // comment
            directory.append(le16: 0)  // disk
            directory.append(le16: 0)  // internal attributes
            directory.append(le32: 0)  // external attributes
            directory.append(le32: offset)
            directory.append(contentsOf: entry.name)
        }
        guard archive.count + directory.count <= Int(UInt32.max), stored.count <= Int(UInt16.max) else {
            throw InputError("\(path): the archive would be 4 GiB or more, or hold more than 65535 entries (zip archives without Zip64)")
        }
        let directoryOffset = UInt32(archive.count)
        archive.append(directory)
        archive.append(le32: 0x0605_4b50)
        archive.append(le16: 0)
        archive.append(le16: 0)
        archive.append(le16: UInt16(stored.count))
        archive.append(le16: UInt16(stored.count))
        archive.append(le32: UInt32(directory.count))
        archive.append(le32: directoryOffset)
        archive.append(le16: 0)
        return archive
    }

    /// The fields a local header and a central record share: version 2.0 needed, flag 11
    /// (names in UTF-8), deflate, time, date, CRC-32, sizes, name length, no extra field.
    private static func fields(of entry: Stored, time: UInt16, date: UInt16) -> Data {
        var data = Data()
        for value in [20, 0x0800, 8, time, date] as [UInt16] { data.append(le16: value) }
        for value in [entry.crc, UInt32(entry.compressed.count), UInt32(entry.size)] { data.append(le32: value) }
        data.append(le16: UInt16(entry.name.count))
        data.append(le16: 0)
        return data
    }

    /// One entry deflated (raw deflate, no zlib header) with its CRC-32.
    private static func store(_ entry: Entry, level: Int32, path: String) throws -> Stored {
        let name = Array(entry.name.utf8)
        guard name.count <= Int(UInt16.max) else { throw InputError("\(path): entry name too long") }
        return try entry.data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Stored in
            let bytes = input.bindMemory(to: UInt8.self)
            var crc: uLong = crc32(0, nil, 0)
            var done = 0
            while done < bytes.count {  // crc32 takes a 32-bit length
                let step = min(bytes.count - done, 1 << 30)
                crc = crc32(crc, bytes.baseAddress! + done, uInt(step))
                done += step
            }
            var stream = z_stream()
            var status = deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                       ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw InputError("\(path): \(entry.name): zlib deflateInit2 failed (\(status))") }
            defer { deflateEnd(&stream) }
            var output = Data(count: Int(deflateBound(&stream, uLong(min(bytes.count, Int(uLong(UInt32.max)))))) + 64)
            var written = 0
            var offered = 0
            repeat {
                if stream.avail_in == 0, offered < bytes.count {
                    let step = min(bytes.count - offered, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress! + offered)
                    stream.avail_in = uInt(step)
                    offered += step
                }
                if written == output.count { output.count += max(1 << 16, output.count / 2) }
                status = output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int32 in
                    stream.next_out = out.bindMemory(to: UInt8.self).baseAddress! + written
                    stream.avail_out = uInt(min(out.count - written, Int(UInt32.max)))
                    let before = stream.avail_out
                    let result = deflate(&stream, offered == bytes.count ? Z_FINISH : Z_NO_FLUSH)
                    written += Int(before - stream.avail_out)
                    return result
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw InputError("\(path): \(entry.name): zlib deflate failed (\(status))")
                }
            } while status != Z_STREAM_END
            output.count = written
            return Stored(name: name, crc: UInt32(crc), size: bytes.count, compressed: output)
        }
    }

    /// MS-DOS time and date of `date` in local time (2-second resolution, from 1980).
    static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let year = max(0, Int(parts.tm_year) + 1900 - 1980)
        let time = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2)
        let day = UInt16(min(year, 127)) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        return (time, day)
    }
}

private extension Data {
    mutating func append(le16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func append(le32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
