import Foundation

/// Writes a zip archive of stored (uncompressed) entries, as PKWARE's APPNOTE describes it:
/// a local header + data per entry, then the central directory. Enough to build the zipped
/// fixtures users mail around without any zip tool on the machine.
enum StoredZip {
    static func write(_ entries: [(name: String, data: Data)], to path: String) throws {
        var archive = Data()
        var central = Data()
        for (name, data) in entries {
            let offset = UInt32(archive.count)
            let crc = crc32(data)
            let nameBytes = Data(name.utf8)
            var local = Data()
            local.append(le32(0x0403_4B50)); local.append(le16(20)); local.append(le16(0x0800))  // UTF-8 names
            local.append(le16(0)); local.append(le16(0)); local.append(le16(0x21))  // stored; time; date
            local.append(le32(crc)); local.append(le32(UInt32(data.count))); local.append(le32(UInt32(data.count)))
            local.append(le16(UInt16(nameBytes.count))); local.append(le16(0))
            archive.append(local); archive.append(nameBytes); archive.append(data)
            central.append(le32(0x0201_4B50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0x0800))
            central.append(le16(0)); central.append(le16(0)); central.append(le16(0x21))
            central.append(le32(crc)); central.append(le32(UInt32(data.count))); central.append(le32(UInt32(data.count)))
            central.append(le16(UInt16(nameBytes.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0)); central.append(le32(offset))
            central.append(nameBytes)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(le32(0x0605_4B50)); archive.append(le16(0)); archive.append(le16(0))
        archive.append(le16(UInt16(entries.count))); archive.append(le16(UInt16(entries.count)))
        archive.append(le32(UInt32(central.count))); archive.append(le32(centralOffset)); archive.append(le16(0))
        try archive.write(to: URL(fileURLWithPath: path))
    }

    /// The files `names` of `directory`, zipped under their own names.
    static func write(files names: [String], from directory: String, to path: String) throws {
        try write(try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))) }, to: path)
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
