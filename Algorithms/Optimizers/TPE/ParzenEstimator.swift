import Foundation
public import GSLRandom

/// The Parzen estimator of the tree-structured Parzen estimator (TPE; Bergstra et al. 2011, with Optuna's
/// choices): a mixture of one kernel per observation plus a prior kernel, weighted by ``defaultWeights(_:)``
/// and the prior weight.
///
/// Numerical coordinates get truncated normal kernels centred on the observations, each as wide as the
/// larger distance to its neighbours among the sorted observations and the domain's ends (the outermost
/// kernels: the distance to their one inner neighbour), clipped to `(high − low) / min(100, n + 2) ...
/// high − low` ("magic clip"), as in Optuna 5.1 for univariate and multivariate estimators alike. The
/// prior kernel sits in the middle with width `high − low`. A categorical kernel puts `1 + w/(n+1)` on its
/// observed category and `w/(n+1)` on every other (normalized; `w` the prior weight); the prior is uniform.
public struct ParzenEstimator: Sendable, Hashable {
    /// The coordinates' domains.
    public let domains: [ParzenDomain]
    /// The mixture weights (observations in order, then the prior), summing to 1.
    public let weights: [Double]
    /// Kernel centres: `centres[d][i]` of coordinate `d`, kernel `i` (numerical coordinates).
    public let centres: [[Double]]
    /// Kernel widths, like ``centres``.
    public let widths: [[Double]]
    /// `log` of each kernel's mass inside the domain (the truncation's normalizer), like ``centres``.
    let logMasses: [[Double]]
    /// Categorical kernels: `categoryLogProbabilities[d][i * count + c]`.
    let categoryLogProbabilities: [[Double]]
    let logWeights: [Double]
    /// `1 / width` of every kernel, like ``centres``.
    let inverseWidths: [[Double]]
    /// `−log √(2π) − log width − log mass` of every kernel, like ``centres``.
    let logOffsets: [[Double]]

    /// An estimator of `observations` (each with one coordinate per domain, in internal units, in
    /// chronological order), each weighted by `observationWeights`, plus a prior kernel of weight
    /// `priorWeight`.
    public init(
        observations: [[Double]], observationWeights: [Double], domains: [ParzenDomain], priorWeight: Double = 1
    ) {
        let n = observations.count
        self.domains = domains
        var weights = Array(observationWeights.prefix(n)) + [priorWeight]
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        self.weights = weights
        logWeights = weights.map { Foundation.log($0) }
        var centres: [[Double]] = [], widths: [[Double]] = [], logMasses: [[Double]] = [], categories: [[Double]] = []
        for (d, domain) in domains.enumerated() {
            let values = observations.map { $0[d] }
            switch domain {
            case .continuous(let low, let high), .discrete(let low, let high):
                let step = if case .discrete = domain { 1.0 } else { 0.0 }
                let range = high - low + step
                var sigma = Self.neighbourWidths(values, low: low - step / 2, high: high + step / 2)
                let minimum = range / min(100, Double(n) + 2)
                sigma = sigma.map { min(range, max(minimum, $0)) }
                let mus = values + [(low + high) / 2]
                sigma.append(range)
                let lowEdge = low - step / 2, highEdge = high + step / 2
                centres.append(mus)
                widths.append(sigma)
                logMasses.append(zip(mus, sigma).map { mu, s in
                    Foundation.log(max(StandardNormal.probability(from: (lowEdge - mu) / s, to: (highEdge - mu) / s), .leastNormalMagnitude))
                })
                categories.append([])
            case .categorical(let count):
                // Every kernel spreads priorWeight / (n + 1) over each category, an observation's kernel adds 1
                // to its category; rows normalized. The prior's row is uniform.
                let k = Double(count), spread = priorWeight / Double(n + 1)
                var table = [Double](repeating: 0, count: (n + 1) * count)
                for (i, value) in values.enumerated() {
                    let observed = min(count - 1, max(0, Int(value.rounded())))
                    for c in 0..<count {
                        table[i * count + c] = Foundation.log(((c == observed ? 1 : 0) + spread) / (1 + k * spread))
                    }
                }
                for c in 0..<count { table[n * count + c] = -Foundation.log(k) }
                centres.append([])
                widths.append([])
                logMasses.append([])
                categories.append(table)
            }
        }
        self.centres = centres
        self.widths = widths
        self.logMasses = logMasses
        categoryLogProbabilities = categories
        inverseWidths = widths.map { $0.map { 1 / $0 } }
        logOffsets = zip(widths, logMasses).map { sigmas, masses in
            zip(sigmas, masses).map { sigma, mass in -Self.logSquareRootTwoPi - Foundation.log(sigma) - mass }
        }
    }

    /// Optuna's default observation weights: 1 for the 25 newest observations, a ramp from `1/n` to 1 for
    /// older ones (chronological order, oldest first).
    public static func defaultWeights(_ n: Int) -> [Double] {
        guard n > 25 else { return Array(repeating: 1, count: n) }
        let ramp = n - 25
        let start = 1 / Double(n)
        let ramped = ramp == 1 ? [start] : (0..<ramp).map { start + (1 - start) * Double($0) / Double(ramp - 1) }
        return ramped + Array(repeating: 1, count: 25)
    }

    /// Each observation's kernel width: the larger distance to its neighbours among the sorted observations
    /// and the domain's ends; the first and last the distance to their inner neighbour (endpoints not
    /// considered).
    static func neighbourWidths(_ values: [Double], low: Double, high: Double) -> [Double] {
        guard !values.isEmpty else { return [] }
        let all = values
        let order = all.indices.sorted { all[$0] < all[$1] || (all[$0] == all[$1] && $0 < $1) }
        var sorted: [Double] = [low]
        for index in order { sorted.append(all[index]) }
        sorted.append(high)
        let m = all.count
        var sortedWidths = [Double](repeating: 0, count: m)
        for position in 1...m {
            let left: Double = sorted[position] - sorted[position - 1]
            let right: Double = sorted[position + 1] - sorted[position]
            sortedWidths[position - 1] = max(left, right)
        }
        if m + 2 >= 4 {
            sortedWidths[0] = sorted[2] - sorted[1]
            sortedWidths[m - 1] = sorted[m] - sorted[m - 1]
        }
        var widths = [Double](repeating: 0, count: m)
        for (position, index) in order.enumerated() { widths[index] = sortedWidths[position] }
        return widths
    }

    /// `log` of the mixture density (numerical coordinates) or probability (discrete and categorical) at `x`.
    public func logDensity(_ x: [Double]) -> Double {
        var terms = logWeights
        for (d, domain) in domains.enumerated() {
            switch domain {
            case .continuous:
                // log φ(z) − log σ − log mass, with the constant part per kernel computed once.
                let mus = centres[d], inverse = inverseWidths[d], offsets = logOffsets[d]
                let value = x[d]
                terms.withUnsafeMutableBufferPointer { terms in
                    for i in terms.indices {
                        let z = (value - mus[i]) * inverse[i]
                        terms[i] += offsets[i] - 0.5 * z * z
                    }
                }
            case .discrete:
                let mus = centres[d], sigmas = widths[d], masses = logMasses[d]
                for i in terms.indices {
                    let p = StandardNormal.probability(from: (x[d] - 0.5 - mus[i]) / sigmas[i], to: (x[d] + 0.5 - mus[i]) / sigmas[i])
                    terms[i] += Foundation.log(max(p, .leastNormalMagnitude)) - masses[i]
                }
            case .categorical(let count):
                let c = min(count - 1, max(0, Int(x[d].rounded())))
                let table = categoryLogProbabilities[d]
                for i in terms.indices { terms[i] += table[i * count + c] }
            }
        }
        let largest = terms.max() ?? -.infinity
        guard largest.isFinite else { return largest }
        var sum = 0.0
        for term in terms { sum += exp(term - largest) }
        return largest + Foundation.log(sum)
    }

    /// A point drawn from the mixture: one kernel by weight, then every coordinate from that kernel.
    public func sample(_ random: RandomStream) -> [Double] {
        let u = random.uniform()
        var cumulative = 0.0, component = weights.count - 1
        for (i, weight) in weights.enumerated() {
            cumulative += weight
            if u < cumulative { component = i; break }
        }
        return domains.indices.map { d in
            switch domains[d] {
            case .continuous(let low, let high):
                return Self.truncatedNormal(centres[d][component], widths[d][component], low, high, random)
            case .discrete(let low, let high):
                let x = Self.truncatedNormal(centres[d][component], widths[d][component], low - 0.5, high + 0.5, random)
                return min(high, max(low, x.rounded()))
            case .categorical(let count):
                let v = random.uniform()
                var sum = 0.0
                for c in 0..<count {
                    sum += exp(categoryLogProbabilities[d][component * count + c])
                    if v < sum { return Double(c) }
                }
                return Double(count - 1)
            }
        }
    }

    /// A draw of `N(mu, sigma²)` truncated to `low...high`, by the inverse distribution function (in the
    /// lower tail, mirrored for the upper one, where it is accurate).
    static func truncatedNormal(_ mu: Double, _ sigma: Double, _ low: Double, _ high: Double, _ random: RandomStream) -> Double {
        var a = (low - mu) / sigma, b = (high - mu) / sigma
        let mirrored = a > 0
        if mirrored { (a, b) = (-b, -a) }
        let pa = StandardNormal.cdf(a), pb = StandardNormal.cdf(b)
        let u = random.uniform()
        var z = pb > pa ? StandardNormal.quantile(pa + u * (pb - pa)) : (a + b) / 2
        if !z.isFinite { z = (a + b) / 2 }
        z = min(b, max(a, z))
        if mirrored { z = -z }
        return min(high, max(low, mu + sigma * z))
    }

    static let logSquareRootTwoPi = 0.5 * Foundation.log(2 * Double.pi)
}
