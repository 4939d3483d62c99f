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
        /// Children: a range of `nodes` (an inner node) or of `items` (a leaf, below `leaves`).
        var first: Int
        var end: Int
    }

    /// Piece indices in Hilbert order, and their boxes in that order.
    private let items: [Int]
    private let boxes: [Envelope]
    /// Every node, level by level from the leaves (`0..<leaves`, grouping `items`) up to the root
    /// (the last): one array, walked without recursion.
    private let nodes: [Node]
    private let leaves: Int
    /// Levels above the leaves, for the walk's stack (at most `fanout` entries pending per level).
    private let height: Int

    init(_ boxes: [Envelope]) {
        guard var extent = boxes.first else {
            (items, self.boxes, nodes, leaves, height) = ([], [], [], 0, 0)
            return
        }
        for box in boxes { extent = extent.union(box) }
        let items = Self.hilbertOrder(boxes, extent: extent)
        self.items = items
        self.boxes = items.map { boxes[$0] }
        var nodes = Self.group(self.boxes, offset: 0)
        leaves = nodes.count
        var (level, height) = (0..<nodes.count, 0)
        while level.count > 1 {
            let above = Self.group(nodes[level].map(\.box), offset: level.lowerBound)
            level = nodes.count..<(nodes.count + above.count)
            nodes += above
            height += 1
        }
        self.nodes = nodes
        self.height = height
    }

    /// Boxes of more than this many pieces get their keys computed in two halves at once (on two
    /// threads).
    static let parallelFrom = 65_536

    /// The boxes' indices sorted by the Hilbert key of their centres in `extent` (order 16, < 2^32),
    /// ties in index order: the same order however many threads computed the keys.
    private static func hilbertOrder(_ boxes: [Envelope], extent: Envelope) -> [Int] {
        let count = boxes.count
        var keys = [UInt32](repeating: 0, count: count)
        keys.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            let fill: @Sendable (Range<Int>) -> Void = { range in
                for index in range { shared[index] = key(boxes[index], extent: extent) }
            }
            guard count >= parallelFrom, ProcessInfo.processInfo.activeProcessorCount > 1 else { return fill(0..<count) }
            // Each thread writes its own half only.
            DispatchQueue.concurrentPerform(iterations: 2) { half in fill(half == 0 ? 0..<count / 2 : count / 2..<count) }
        }
        return radixOrder(keys)
    }

    /// The indices of `keys` in ascending order of key, equal keys in index order: a least
    /// significant digit radix sort, a byte per pass (the four passes' digit counts taken in one
    /// read of the keys, then four scatters; no comparisons). In buffers, not arrays: with the
    /// arrays' checks it cost 240 instructions a key (38 M for the red line's 160,000 pieces).
    static func radixOrder(_ keys: [UInt32]) -> [Int] {
        let count = keys.count
        var order = Array(0..<count), spare = [Int](repeating: 0, count: count)
        keys.withUnsafeBufferPointer { keys in
            order.withUnsafeMutableBufferPointer { order in
                spare.withUnsafeMutableBufferPointer { spare in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * 256) { starts in
                        starts.initialize(repeating: 0)
                        for key in keys {
                            for pass in 0..<4 { starts[pass &* 256 &+ Int((key >> UInt32(pass &* 8)) & 0xFF)] &+= 1 }
                        }
                        for pass in 0..<4 {
                            var start = 0
                            for digit in (pass * 256)..<(pass * 256 + 256) { (starts[digit], start) = (start, start &+ starts[digit]) }
                        }
                        // Four passes, from `order` to `spare` and back twice: the result is in `order`.
                        var (source, target) = (order, spare)
                        for pass in 0..<4 {
                            let shift = UInt32(pass &* 8), base = pass &* 256
                            for index in source {
                                let digit = base &+ Int((keys[index] >> shift) & 0xFF)
                                target[starts[digit]] = index
                                starts[digit] &+= 1
                            }
                            swap(&source, &target)
                        }
                    }
                }
            }
        }
        return order
    }

    /// One box's key in `hilbertOrder`.
    private static func key(_ box: Envelope, extent: Envelope) -> UInt32 {
        let (x, y) = box.center
        let gx = extent.width > 0 ? UInt32(((x - extent.minX) / extent.width * 65_535).rounded()) : 0
        let gy = extent.height > 0 ? UInt32(((y - extent.minY) / extent.height * 65_535).rounded()) : 0
        return UInt32(WorkPlan.hilbertIndex(x: gx, y: gy, order: 16))
    }

    /// Nodes over `boxes`, `fanout` at a time; their child ranges start at `offset`.
    private static func group(_ boxes: [Envelope], offset: Int) -> [Node] {
        var nodes: [Node] = []
        nodes.reserveCapacity((boxes.count + fanout - 1) / fanout)
        for first in stride(from: 0, to: boxes.count, by: fanout) {
            let end = min(first + fanout, boxes.count)
            var box = boxes[first]
            for next in boxes[(first + 1)..<end] { box = box.union(next) }
            nodes.append(Node(box: box, first: offset + first, end: offset + end))
        }
        return nodes
    }

    /// The pieces whose boxes meet `window`, ascending: a walk down from the root into the
    /// nodes whose boxes meet it, with a stack of the inner nodes still to visit.
    func query(_ window: Envelope) -> [Int] {
        guard !nodes.isEmpty else { return [] }
        var found: [Int] = []
        nodes.withUnsafeBufferPointer { nodes in
            boxes.withUnsafeBufferPointer { boxes in
                items.withUnsafeBufferPointer { items in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: (height + 1) * Self.fanout) { stack in
                        var pending = 0
                        func visit(_ node: Int) {
                            let children = nodes[node].first..<nodes[node].end
                            if node < leaves {
                                for position in children where boxes[position].intersects(window) { found.append(items[position]) }
                            } else {
                                for child in children where nodes[child].box.intersects(window) {
                                    stack[pending] = child
                                    pending += 1
                                }
                            }
                        }
                        if nodes[nodes.count - 1].box.intersects(window) { visit(nodes.count - 1) }
                        while pending > 0 {
                            pending -= 1
                            visit(stack[pending])
                        }
                    }
                }
            }
        }
        found.sort()
        return found
    }
}
