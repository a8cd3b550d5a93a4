/// NSGA-II's fast non-dominated sorting and crowding distance (Deb et al. 2002).
public enum NondominatedSorting {
    /// The Pareto fronts of `population` as index lists, best front first.
    public static func fronts(_ population: [Individual]) -> [[Int]] {
        let count = population.count
        var dominatedBy = [[Int]](repeating: [], count: count)
        var dominationCount = [Int](repeating: 0, count: count)
        var fronts: [[Int]] = [[]]
        for p in 0..<count {
            for q in (p + 1)..<max(p + 1, count) {
                if population[p].dominates(population[q]) {
                    dominatedBy[p].append(q)
                    dominationCount[q] += 1
                } else if population[q].dominates(population[p]) {
                    dominatedBy[q].append(p)
                    dominationCount[p] += 1
                }
            }
        }
        for p in 0..<count where dominationCount[p] == 0 { fronts[0].append(p) }
        var current = 0
        while current < fronts.count, !fronts[current].isEmpty {
            var next: [Int] = []
            for p in fronts[current] {
                for q in dominatedBy[p] {
                    dominationCount[q] -= 1
                    if dominationCount[q] == 0 { next.append(q) }
                }
            }
            current += 1
            if !next.isEmpty { fronts.append(next.sorted()) }
        }
        return fronts.filter { !$0.isEmpty }
    }

    /// The crowding distance of each member of `front` (same order): boundary points are infinite.
    public static func crowdingDistances(_ front: [Int], in population: [Individual]) -> [Double] {
        var distance = [Double](repeating: 0, count: front.count)
        guard front.count > 2 else { return [Double](repeating: .infinity, count: front.count) }
        let objectives = population[front[0]].weightedValues.count
        for objective in 0..<objectives {
            let order = front.indices.sorted { population[front[$0]].weightedValues[objective] < population[front[$1]].weightedValues[objective] }
            guard let first = order.first, let last = order.last else { continue }
            let low = population[front[first]].weightedValues[objective], high = population[front[last]].weightedValues[objective]
            distance[first] = .infinity
            distance[last] = .infinity
            guard high > low else { continue }
            for position in 1..<(order.count - 1) {
                let previous = population[front[order[position - 1]]].weightedValues[objective]
                let next = population[front[order[position + 1]]].weightedValues[objective]
                distance[order[position]] += (next - previous) / (high - low)
            }
        }
        return distance
    }

    /// NSGA-II selection of `k` indices: whole fronts while they fit, then the most crowding-distant of
    /// the next front.
    public static func selectNSGA2(_ k: Int, from population: [Individual]) -> [Int] {
        var chosen: [Int] = []
        for front in fronts(population) {
            if chosen.count + front.count <= k {
                chosen += front
                if chosen.count == k { break }
                continue
            }
            let distances = crowdingDistances(front, in: population)
            let order = front.indices.sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && front[$0] < front[$1]) }
            chosen += order.prefix(k - chosen.count).map { front[$0] }
            break
        }
        return chosen
    }
}
