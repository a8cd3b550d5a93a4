import Foundation
import GSLRandom
@testable import PypetOptimizers
import Testing

/// Our univariate TPE model against Optuna 5.1's on the same history, from a dump of bench/tpe_lockstep.py
/// (`TPE_LOCKSTEP=<file> swift test --filter TPELockstep`): the below/above split, every kernel's mean,
/// width and weight, and `log l`, `log g` at the dumped points.
@Suite("TPE lockstep against an Optuna dump")
struct TPELockstepTests {
    struct Kernels: Decodable {
        let mus: [Double], sigmas: [Double], weights: [Double]
    }

    struct Coordinate: Decodable {
        let l: Kernels, g: Kernels
        let points: [Double]
        let log_l: [Double], log_g: [Double]
        /// Optuna's independent proposals for this coordinate.
        let proposals: [Double]
    }

    struct Dump: Decodable {
        let xs: [[Double]], values: [Double], below: [Int], dims: [Coordinate]
    }

    static let path = ProcessInfo.processInfo.environment["TPE_LOCKSTEP"]
    /// The seed of our proposals' streams (`TPE_LOCKSTEP_SEED`, 7 unless given).
    static let proposalSeed = ProcessInfo.processInfo.environment["TPE_LOCKSTEP_SEED"].flatMap { UInt64($0) } ?? 7

    @Test("the dumped history gives Optuna's split, kernels and densities", .enabled(if: path != nil))
    func lockstep() throws {
        let path = try #require(Self.path)
        let dump = try JSONDecoder().decode(Dump.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        let model = try Self.model(genomes: dump.xs, values: dump.values)
        #expect(model.below == dump.below)
        let below = model.below.map { model.points[$0] }, above = model.above.map { model.points[$0] }
        var worst = (mu: 0.0, sigma: 0.0, weight: 0.0, logL: 0.0, logG: 0.0, ratio: 0.0)
        for (k, coordinate) in dump.dims.enumerated() {
            let l = ParzenEstimator(
                observations: below.map { [$0[k]] }, observationWeights: model.belowWeights, domains: [model.domains[k]])
            let g = ParzenEstimator(
                observations: above.map { [$0[k]] }, observationWeights: ParzenEstimator.defaultWeights(above.count),
                domains: [model.domains[k]])
            for (ours, theirs) in [(l, coordinate.l), (g, coordinate.g)] {
                #expect(ours.centres[0].count == theirs.mus.count)
                for (a, b) in zip(ours.centres[0], theirs.mus) { worst.mu = max(worst.mu, abs(a - b)) }
                for (a, b) in zip(ours.widths[0], theirs.sigmas) { worst.sigma = max(worst.sigma, abs(a - b) / b) }
                for (a, b) in zip(ours.weights, theirs.weights) { worst.weight = max(worst.weight, abs(a - b)) }
            }
            for (i, x) in coordinate.points.enumerated() {
                let logL = l.logDensity([x]), logG = g.logDensity([x])
                worst.logL = max(worst.logL, abs(logL - coordinate.log_l[i]))
                worst.logG = max(worst.logG, abs(logG - coordinate.log_g[i]))
                worst.ratio = max(worst.ratio, abs((logL - logG) - (coordinate.log_l[i] - coordinate.log_g[i])))
            }
        }
        print("TPE lockstep \(path): largest differences", worst)
        // The proposals' distribution: as many proposals of ours (independent streams) as Optuna's, the
        // two-sample Kolmogorov–Smirnov distance per coordinate.
        let count = dump.dims[0].proposals.count
        let ours = try (0..<count).map { i in
            model.propose(try RandomStream(seed: Self.proposalSeed, keys: [UInt64(i)]), liars: [], candidates: 24, multivariate: false, priorWeight: 1)
        }
        let distances = dump.dims.indices.map { k in Self.ksDistance(ours.map { $0[k] }, dump.dims[k].proposals) }
        let means = dump.dims.indices.map { k in
            (ours.map { $0[k] }.reduce(0, +) / Double(count), dump.dims[k].proposals.reduce(0, +) / Double(count))
        }
        print("TPE lockstep proposals: KS distances", distances.map { ($0 * 1000).rounded() / 1000 }, "critical (1%)",
              1.63 * (2 / Double(count)).squareRoot())
        print("TPE lockstep proposal means (ours, Optuna's)", means)
        #expect(worst.mu == 0 && worst.sigma < 1e-14 && worst.weight < 1e-14)
        #expect(worst.logL < 1e-10 && worst.logG < 1e-10 && worst.ratio < 1e-10)
    }

    @Test("known answer: Optuna 5.1's split, kernel widths, weights and log l − log g on a 60-trial Schwefel history")
    func schwefelKnownAnswer() throws {
        // Values from Optuna's own objects (`_split_trials`, `_ParzenEstimator` per dimension, bench/tpe_lockstep.py's
        // way) after the 60 trials below: 6 below (⌈0.1 · 60⌉), 54 above, whose oldest 29 kernels are ramped.
        let model = try Self.model(genomes: Self.schwefelGenomes, values: Self.schwefelValues)
        #expect(model.below == [12, 24, 29, 40, 42, 57])
        let below = model.below.map { model.points[$0] }, above = model.above.map { model.points[$0] }
        // x0's second and third kernels keep their neighbour distance; the rest are clipped to 10 / (6 + 2).
        let widths: [[Double]] = [[1.25, 1.436315404854092, 1.436315404854092, 1.25, 1.25, 1.25, 10], [1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 10]]
        let aboveWeights: [Double] = [
            0.00045423574835339536, 0.0013140391291651796, 0.0021738425099769635,
            0.0030336458907887476, 0.0038934492716005318, 0.004753252652412316,
            0.0056130560332241, 0.006472859414035883, 0.007332662794847669,
            0.008192466175659451, 0.009052269556471237, 0.009912072937283021,
        ]
        let points: [Double] = [-4.5, -1.0, 0.3, 2.7, 4.9]
        let ratios: [[Double]] = [
            [-0.22565852284181886, -0.1781976617212182, -0.1352525877933266,
             0.4796083100934321, -0.527467798687002],
            [-0.5453898867175031, -0.11728884170509524, 0.0055763285684697905,
             0.09540678589982265, 0.13963936221646467],
        ]
        for k in 0..<2 {
            let l = ParzenEstimator(observations: below.map { [$0[k]] }, observationWeights: model.belowWeights, domains: [model.domains[k]])
            let g = ParzenEstimator(
                observations: above.map { [$0[k]] }, observationWeights: ParzenEstimator.defaultWeights(above.count),
                domains: [model.domains[k]])
            #expect(zip(l.widths[0], widths[k]).allSatisfy { abs($0 - $1) < 1e-14 }, "l's widths, x\(k): \(l.widths[0])")
            #expect(zip(g.weights.prefix(12), aboveWeights).allSatisfy { abs($0 - $1) < 1e-15 }, "g's weights: \(g.weights.prefix(12))")
            for (x, expected) in zip(points, ratios[k]) {
                let ratio = l.logDensity([x]) - g.logDensity([x])
                #expect(abs(ratio - expected) < 1e-12, "log l − log g at x\(k) = \(x): \(ratio), Optuna \(expected)")
            }
        }
    }

    @Test("candidates drawn from a Parzen estimator follow its mixture distribution (one-sample KS, 200,000 draws)")
    func samplerFollowsMixture() throws {
        // The l and g of the Schwefel history above (x0): kernels cut by the bounds and the prior. The sample's
        // largest distance to the exact mixture distribution function must stay below the 1% critical value.
        let model = try Self.model(genomes: Self.schwefelGenomes, values: Self.schwefelValues)
        let below = model.below.map { [model.points[$0][0]] }, above = model.above.map { [model.points[$0][0]] }
        let estimators = [
            ParzenEstimator(observations: below, observationWeights: model.belowWeights, domains: [model.domains[0]]),
            ParzenEstimator(observations: above, observationWeights: ParzenEstimator.defaultWeights(above.count), domains: [model.domains[0]]),
            ParzenEstimator(observations: [[4.99], [-4.9]], observationWeights: [1, 1], domains: [.continuous(low: -5, high: 5)]),
        ]
        let random = try RandomStream(seed: 5, keys: [1])
        let n = 200_000
        for estimator in estimators {
            let draws = (0..<n).map { _ in estimator.sample(random)[0] }.sorted()
            func cdf(_ x: Double) -> Double {
                var total = 0.0
                for i in estimator.weights.indices {
                    let mu = estimator.centres[0][i], sigma = estimator.widths[0][i]
                    let mass = StandardNormal.probability(from: (-5 - mu) / sigma, to: (5 - mu) / sigma)
                    total += estimator.weights[i] * StandardNormal.probability(from: (-5 - mu) / sigma, to: (x - mu) / sigma) / mass
                }
                return total
            }
            var distance = 0.0
            for (i, x) in draws.enumerated() {
                let f = cdf(x)
                distance = max(distance, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
            }
            #expect(distance < 1.63 / Double(n).squareRoot(), "KS distance \(distance) with \(estimator.weights.count) kernels")
            print("TPE sampler KS distance", distance, "critical (1%)", 1.63 / Double(n).squareRoot())
        }
    }

    /// BBOB f20 (Schwefel), d = 2, instance 1: the 60 trials of Optuna 5.1's `TPESampler(seed=1,
    /// multivariate=False)` (bench/tpe_lockstep.py's loop), genomes and values as Python prints them.
    static let schwefelGenomes: [[Double]] = [
        [-0.8297799529742598, 2.2032449344215808],
        [-4.998856251826551, -1.9766742736816023],
        [-3.5324410918288693, -4.0766140523120225],
        [-3.137397886223291, -1.5443927295695223],
        [-1.0323252576933006, 0.38816734003356945],
        [-0.8080548559670522, 1.8521950039675952],
        [-2.9554775026848255, 3.7811743639094537],
        [-4.726124068020738, 1.704675101784022],
        [-0.8269519763287301, 0.5868982844575168],
        [-3.596130614047662, -3.0189851091512123],
        [4.416595068943336, 4.655970197932302],
        [0.5861342679228745, 2.501984549345784],
        [2.504298855609351, 2.909092037216573],
        [2.651034048916525, 3.3153279761116865],
        [1.4241786753311505, 0.19852606957775487],
        [1.1458565323235006, 3.142792404331637],
        [3.831679568726652, 4.879021246876793],
        [0.938976349023604, -0.7823264624055292],
        [2.9135466330437807, 2.353962773156275],
        [0.3441685738609914, 1.276578522122237],
        [2.297474469452526, 3.870702280162644],
        [-0.025265021368290785, 2.697503931398649],
        [0.20321266870383536, 2.894717116041504],
        [-1.9037018008061866, 1.2220424218878818],
        [-1.8105494841565588, 1.0382667551683895],
        [-2.0585056835187867, -0.37428158890171637],
        [2.0235200699692153, 3.888017194243391],
        [-1.9264410222179447, 1.1300880241971998],
        [3.498312755120514, -0.3348986837137571],
        [-0.37423407930246677, 2.205552763759442],
        [4.7093394160951725, 2.1540964012639665],
        [-0.22470074839587806, 2.6918393855544607],
        [-0.369406306361893, 1.6752207788259326],
        [-1.445198298519256, 3.514908245183311],
        [1.9542977291641672, 4.34733030403066],
        [-2.5331402779499443, 0.8163530814736232],
        [-1.2646105743170062, -4.953664946502977],
        [-0.2786593966623272, -1.2961265281228995],
        [-4.161961767645672, 1.9215632597546641],
        [-2.450513187380365, -2.536803332927141],
        [1.3664104631412075, 2.904920672129354],
        [1.5901718911028, 2.8668908257408887],
        [0.6491553838164035, 1.6864562595822412],
        [0.8727151748808596, 1.396969463114702],
        [-0.6909788818111837, 2.0818833629845956],
        [3.078885393616212, 0.3510422937196849],
        [1.5835981088964004, 4.202733051054126],
        [0.6123405754895002, 3.391214940655054],
        [1.2155864767061788, 1.6288271536025847],
        [-0.985997973453304, -0.09641496196874244],
        [2.371189018117397, 0.7387729331638508],
        [-0.04087123529834913, 2.497063591487394],
        [0.4693830381597688, 3.0322976789117777],
        [-1.4165339144766693, 2.366966860512978],
        [-0.49327399773706015, 0.9742346660347632],
        [0.17668976410230092, 3.523126272975177],
        [-3.207224803529064, 1.9396499489009407],
        [1.8169303067290736, 3.0758739440853304],
        [2.0090328572633234, 3.0530991278605284],
        [3.7876678846041436, 1.469399969576243],
    ]

    static let schwefelValues: [Double] = [
        -541.3310017082441, 16418.79836093801, 76220.33369857064,
        14590.69731113763, 572.0778027287586, -542.6905042472829,
        11985.179547425401, 1513.1328758184804, 42.03859366311565,
        43365.20314629579, 3454.593893434287, -542.8910896878449,
        -544.2556214305864, -537.4438407193342, 6551.627152013983,
        -498.66630865465515, 5602.4393379086105, 18672.11207629623,
        -475.4124979518172, -542.3579512465017, 629.5145177951633,
        -543.1985529953646, -508.60808973555606, -543.1215708930886,
        -544.1327370309491, 3739.8366521642583, 1032.204418655698,
        -542.901071705732, 22607.666042619247, -543.5476357200952,
        1563.6362162057849, -541.7750097038414, -543.1969237072161,
        4479.649471772705, 4323.681554792846, -541.774461056458,
        134613.70783954856, 22531.306609501757, 734.7002068282218,
        37866.88994849341, -544.3735056523088, -542.3231603766083,
        -544.0810838893942, -542.55397587472, -542.5572013463421,
        9755.256599234895, 3870.765663049683, 387.2100636431603,
        -540.2308252855124, 3661.0721194685384, 3696.1440184116727,
        -541.7538224942142, -439.6255751325725, -541.3421342942556,
        -520.8757193513659, 1550.395556082697, -342.46429074169606,
        -543.9984940488933, -541.1481328614952, 1821.7087007830655,
    ]

    /// The model our TPE builds for the next trial after `genomes` (in `[-5, 5]^d`) were told `values`: each
    /// trial asked, its proposal replaced by the given genome (a warm start), then told.
    static func model(genomes: [[Double]], values: [Double]) throws -> TPEModel {
        let problem = try Problem(space: .box(genomes.first?.count ?? 1, lower: -5, upper: 5))
        var tpe = try TPE(problem: problem, seed: 1)
        for (x, value) in zip(genomes, values) {
            _ = try tpe.ask()
            try tpe.replacePending(with: [x])
            try tpe.tell([Fitness(value)])
        }
        return TPEModel(problem: problem, trials: tpe.trials)
    }

    /// The largest distance between the empirical distribution functions of `a` and `b`.
    static func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        let a = a.sorted(), b = b.sorted()
        var i = 0, j = 0, largest = 0.0
        while i < a.count && j < b.count {
            let x = min(a[i], b[j])
            while i < a.count && a[i] <= x { i += 1 }
            while j < b.count && b[j] <= x { j += 1 }
            largest = max(largest, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return largest
    }
}
