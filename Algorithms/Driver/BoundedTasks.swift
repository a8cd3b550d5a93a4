import Foundation

/// Evaluations spread over a fixed number of tasks, each taking the next element when it is done, with the
/// results in element order whatever the finishing order.
enum BoundedTasks {
    /// The number of tasks for `cores` (0: one per processor).
    static func workers(_ cores: Int) -> Int {
        max(1, cores <= 0 ? ProcessInfo.processInfo.activeProcessorCount : cores)
    }

    /// `body` of every element on at most `workers` tasks; the results in element order.
    static func map<Element: Sendable, Output: Sendable>(
        _ elements: [Element], workers: Int, _ body: @escaping @Sendable (Element) async -> Output
    ) async -> [Output] {
        var results = [Output?](repeating: nil, count: elements.count)
        await withTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func submit() {
                guard next < elements.count else { return }
                let position = next, element = elements[next]
                next += 1
                group.addTask { (position, await body(element)) }
            }
            for _ in 0..<workers { submit() }
            for await (position, result) in group {
                results[position] = result
                submit()
            }
        }
        return results.compactMap { $0 }
    }
}
