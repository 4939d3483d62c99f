import Foundation

/// A packed R-tree over the constraint pieces' bounding boxes, built once per layer and shared
/// by every worker (immutable; no GEOS objects): the boxes are sorted along a Hilbert curve
/// through their centres and grouped `fanout` at a time, level by level. A query returns the
/// pieces whose boxes meet a window, ascending — what a GEOS STRtree would, without one GEOS
/// geometry per piece per worker.
struct PieceIndex: Sendable {
    static let fanout = 16

    private struct Node: Sendable {
        var box: Envelope
        /// Children: a range of the level below (or of `items` at the leaves).
        var first: Int
        var end: Int
    }

    /// Piece indices in Hilbert order, and their boxes in that order.
    private let items: [Int]
    private let boxes: [Envelope]
    /// levels[0] groups `items`; each further level groups the one below; the last has one node.
    private let levels: [[Node]]

    init(_ boxes: [Envelope]) {
        guard var extent = boxes.first else {
            (items, self.boxes, levels) = ([], [], [])
            return
        }
        for box in boxes { extent = extent.union(box) }
        let items = Self.hilbertOrder(boxes, extent: extent).map { Int($0 & 0xFFFF_FFFF) }
        self.items = items
        self.boxes = items.map { boxes[$0] }
        var levels = [Self.group(self.boxes)]
        while let top = levels.last, top.count > 1 { levels.append(Self.group(top.map(\.box))) }
        self.levels = levels
    }

    /// Boxes of more than this many pieces get their keys computed and sorted in two halves at
    /// once (on two threads), then merged.
    static let parallelFrom = 65_536

    /// Each box's Hilbert key (of its centre in `extent`, < 2^32 at order 16) above its index
    /// (< 2^32: four billion pieces would not fit in memory), sorted as plain integers: ties keep
    /// piece order, and the order is the same however many threads sorted it.
    private static func hilbertOrder(_ boxes: [Envelope], extent: Envelope) -> [UInt64] {
        let count = boxes.count
        guard count >= parallelFrom, ProcessInfo.processInfo.activeProcessorCount > 1 else {
            return boxes.indices.map { key(boxes[$0], index: $0, extent: extent) }.sorted()
        }
        var halves = [UInt64](repeating: 0, count: count)
        let middle = count / 2
        halves.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes and sorts its own half only.
            nonisolated(unsafe) let shared = buffer
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let range = half == 0 ? 0..<middle : middle..<count
                for index in range { shared[index] = key(boxes[index], index: index, extent: extent) }
                var part = UnsafeMutableBufferPointer(rebasing: shared[range])
                part.sort()
            }
        }
        var merged: [UInt64] = []
        merged.reserveCapacity(count)
        var (left, right) = (0, middle)
        while left < middle, right < count {
            if halves[left] < halves[right] {
                merged.append(halves[left])
                left += 1
            } else {
                merged.append(halves[right])
                right += 1
            }
        }
        merged += halves[left..<middle]
        merged += halves[right..<count]
        return merged
    }

    /// One box's key in `hilbertOrder`.
    private static func key(_ box: Envelope, index: Int, extent: Envelope) -> UInt64 {
        let (x, y) = box.center
        let gx = extent.width > 0 ? UInt32(((x - extent.minX) / extent.width * 65_535).rounded()) : 0
        let gy = extent.height > 0 ? UInt32(((y - extent.minY) / extent.height * 65_535).rounded()) : 0
        return WorkPlan.hilbertIndex(x: gx, y: gy, order: 16) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
    }

    private static func group(_ boxes: [Envelope]) -> [Node] {
        var nodes: [Node] = []
        nodes.reserveCapacity((boxes.count + fanout - 1) / fanout)
        for first in stride(from: 0, to: boxes.count, by: fanout) {
            let end = min(first + fanout, boxes.count)
            var box = boxes[first]
            for next in boxes[(first + 1)..<end] { box = box.union(next) }
            nodes.append(Node(box: box, first: first, end: end))
        }
        return nodes
    }

    /// The pieces whose boxes meet `window`, ascending.
    func query(_ window: Envelope) -> [Int] {
        guard let top = levels.last else { return [] }
        var found: [Int] = []
        for node in top.indices { collect(level: levels.count - 1, node: node, window: window, into: &found) }
        found.sort()
        return found
    }

    /// The pieces under node `node` of `level` whose boxes meet `window`, descending only into
    /// the children whose boxes meet it.
    private func collect(level: Int, node index: Int, window: Envelope, into found: inout [Int]) {
        let node = levels[level][index]
        guard node.box.intersects(window) else { return }
        if level == 0 {
            for position in node.first..<node.end where boxes[position].intersects(window) { found.append(items[position]) }
        } else {
            for child in node.first..<node.end { collect(level: level - 1, node: child, window: window, into: &found) }
        }
    }
}
