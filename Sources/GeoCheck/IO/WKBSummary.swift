/// What a feature's WKB holds, read without GDAL: its kind and bounding box — for the columnar
/// reader, which gets WKB from the driver and no OGR geometry to ask.
///
/// Only WKB the feature reader would hand on unchanged is summarised: little-endian 2D ISO WKB of
/// points, lines that are not closed, and polygons with closed rings (and their multi forms),
/// every part non-empty and every coordinate finite. Anything else is nil — closed lines (read
/// as polygons), unclosed rings (closed and reported), curves, Z/M, collections, empty parts —
/// and the caller reads that feature through OGR, which treats it as it always has.
struct WKBSummary: Equatable {
    var kind: GeometryKind
    var envelope: Envelope

    /// The summary of `bytes`, or nil when OGR must read this geometry (see the type).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard 1.littleEndian == 1 else { return nil }  // doubles are read in host order
        var scanner = Scanner(bytes: bytes)
        guard let kind = scanner.geometry(), scanner.at == bytes.count, scanner.minX <= scanner.maxX else { return nil }
        self.kind = kind
        envelope = Envelope(minX: scanner.minX, minY: scanner.minY, maxX: scanner.maxX, maxY: scanner.maxY)
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// Byte order 1 (NDR) and the ISO type code, or nil.
        mutating func header() -> UInt32? {
            guard at + 5 <= bytes.count, bytes[at] == 1 else { return nil }
            let type = bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self)
            at += 5
            return type
        }

        /// A count of at least one whose items, `size` bytes each at the least, fit in what is left.
        mutating func count(itemSize size: Int) -> Int? {
            guard at + 4 <= bytes.count else { return nil }
            let count = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            at += 4
            guard count > 0, count <= (bytes.count - at) / size else { return nil }
            return count
        }

        /// One geometry; its kind, or nil when OGR must read it.
        mutating func geometry() -> GeometryKind? {
            switch header() {
            case 1: return point() ? .point : nil
            case 2: return line() == false ? .openLine : nil
            case 3: return polygon() ? .polygon : nil
            case 4: return parts(type: 1) { $0.point() } ? .point : nil
            case 6: return parts(type: 3) { $0.polygon() } ? .polygon : nil
            case 5:
                // Open as soon as one part is open; every part closed: OGR makes polygons of them.
                var open = false
                guard parts(type: 2, { scanner in
                    guard let closed = scanner.line() else { return false }
                    open = open || !closed
                    return true
                }), open else { return nil }
                return .openLine
            default: return nil
            }
        }

        mutating func parts(type: UInt32, _ part: (inout Scanner) -> Bool) -> Bool {
            guard let count = count(itemSize: 9) else { return false }
            for _ in 0..<count {
                guard header() == type, part(&self) else { return false }
            }
            return true
        }

        mutating func point() -> Bool {
            guard at + 16 <= bytes.count, add(at) else { return false }
            at += 16
            return true
        }

        /// A line's points; whether it is closed (OGR's `ClosedLines`: ≥ 4 points, last = first).
        mutating func line() -> Bool? {
            guard let (first, last, count) = points() else { return nil }
            return count >= 4 && sameXY(first, last)
        }

        mutating func polygon() -> Bool {
            guard let rings = count(itemSize: 4) else { return false }
            for _ in 0..<rings {
                guard let (first, last, _) = points(), sameXY(first, last) else { return false }
            }
            return true
        }

        /// A run of points, added to the box: the offsets of its first and last point and their
        /// number; nil when a coordinate is not finite. (The hot loop: a point per load, the box
        /// in SIMD lanes; a sum that is not finite means a coordinate is not — or, for sums past
        /// 1e308, that OGR reads the feature, which is as right, only slower.)
        mutating func points() -> (Int, Int, Int)? {
            guard let count = count(itemSize: 16), let start = bytes.baseAddress?.advanced(by: at) else { return nil }
            var low = SIMD2(minX, minY), high = SIMD2(maxX, maxY), sum = SIMD2<Double>()
            for index in 0..<count {
                let point = start.loadUnaligned(fromByteOffset: index &* 16, as: SIMD2<Double>.self)
                // A comparison and a blend per side: `pointwiseMin`/`Max` compiled to scalar IEEE
                // minimum/maximum with NaN branches, ~40 instructions a point. A NaN leaves the
                // box as it is here and makes the sum NaN.
                low.replace(with: point, where: point .< low)
                high.replace(with: point, where: point .> high)
                sum += point
            }
            guard sum.x.isFinite, sum.y.isFinite else { return nil }
            (minX, minY, maxX, maxY) = (low.x, low.y, high.x, high.y)
            let first = at
            at += count * 16
            return (first, at - 16, count)
        }

        func sameXY(_ a: Int, _ b: Int) -> Bool {
            bytes.loadUnaligned(fromByteOffset: a, as: Double.self) == bytes.loadUnaligned(fromByteOffset: b, as: Double.self)
                && bytes.loadUnaligned(fromByteOffset: a + 8, as: Double.self) == bytes.loadUnaligned(fromByteOffset: b + 8, as: Double.self)
        }

        /// Adds the point at `offset` to the box; false when a coordinate is not finite.
        mutating func add(_ offset: Int) -> Bool {
            let x = bytes.loadUnaligned(fromByteOffset: offset, as: Double.self)
            let y = bytes.loadUnaligned(fromByteOffset: offset + 8, as: Double.self)
            guard x.isFinite, y.isFinite else { return false }
            minX = min(minX, x); maxX = max(maxX, x)
            minY = min(minY, y); maxY = max(maxY, y)
            return true
        }
    }
}
