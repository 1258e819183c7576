/// A k-way merge of sources that each give points in time order: the points of all of them in
/// time order, equal times in source order (an external sort's runs, or the dumps sharing a
/// series, listed in arrival order), holding one point of each source.
struct KWayMerge {
    /// Each source's next point, `nil` once it has none left.
    private var heads: [(time: Int64, value: Number)?]
    /// A binary min-heap of source indices by (time, source).
    private var heap: [Int]

    /// A merge of sources whose first points are `heads` (`nil` for a source with none).
    init(heads: [(time: Int64, value: Number)?]) {
        self.heads = heads
        heap = heads.indices.filter { heads[$0] != nil }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    /// The next point and the source it came from, or `nil` when every source is done;
    /// `advance(source)` reads that source's next point.
    mutating func next(
        advance: (Int) throws -> (time: Int64, value: Number)?
    ) rethrows -> (source: Int, time: Int64, value: Number)? {
        guard let top = heap.first, let point = heads[top] else { return nil }
        heads[top] = try advance(top)
        if heads[top] == nil {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        siftDown(0)
        return (top, point.time, point.value)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        guard let x = heads[a]?.time, let y = heads[b]?.time else { return false }
        return x != y ? x < y : a < b
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var child = left
            if left + 1 < heap.count && less(heap[left + 1], heap[left]) { child = left + 1 }
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}
