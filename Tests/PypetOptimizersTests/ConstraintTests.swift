import Foundation
import PypetOptimizers
import Testing

/// Minimize x₀² + x₁² subject to x₀ + x₁ ≥ 1 (constraint 1 − x₀ − x₁ ≤ 0): optimum (½, ½), value ½.
private func constrainedSphere<O: Optimizer>(_ optimizer: inout O, evaluations: Int) throws -> Individual? {
    var spent = 0
    var best: Individual?
    while spent < evaluations, !optimizer.isFinished {
        let batch = try optimizer.ask()
        try optimizer.tell(
            batch.map { Fitness($0.genome[0] * $0.genome[0] + $0.genome[1] * $0.genome[1]) },
            constraints: batch.map { [1 - $0.genome[0] - $0.genome[1]] })
        spent += batch.count
        for individual in optimizer.population where best.map({ individual.isBetter(than: $0) }) ?? true { best = individual }
    }
    return best
}

private func check(_ name: String, _ best: Individual?, tolerance: Double) {
    guard let best else {
        Issue.record("\(name): no best individual")
        return
    }
    let value = best.fitness?.value ?? .infinity
    let feasible = best.isFeasible
    #expect(feasible, "\(name): best \(best.genome) infeasible")
    #expect(abs(value - 0.5) < tolerance, "\(name): best value \(value)")
    print("constrained sphere,", name, "best", value, best.genome)
}

@Suite("Constraints")
struct ConstraintTests {
    @Test("Deb's rules: feasible beats infeasible, the smaller violation beats the larger, values decide among feasible")
    func rules() {
        let objectives = [Objective.minimize("a"), .minimize("b")]
        func individual(_ values: [Double], _ constraints: [Double]) -> Individual {
            var individual = Individual(genome: [0])
            individual.constraints = constraints
            individual.assign(Fitness(values), objectives: objectives)
            return individual
        }
        let feasibleBad = individual([9, 9], [-1, 0]), infeasibleGood = individual([0, 0], [0.5, -3])
        let worse = individual([0, 0], [2, 1]), feasibleGood = individual([1, 1], [])
        #expect(feasibleBad.isFeasible && !infeasibleGood.isFeasible && worse.violation == 3)
        #expect(feasibleBad.isBetter(than: infeasibleGood) && !infeasibleGood.isBetter(than: feasibleBad))
        #expect(infeasibleGood.isBetter(than: worse))
        #expect(feasibleBad.dominates(infeasibleGood) && infeasibleGood.dominates(worse) && !worse.dominates(infeasibleGood))
        #expect(feasibleGood.dominates(feasibleBad) && feasibleGood.isBetter(than: feasibleBad))
        #expect(individual([0, 0], [.nan]).violation == .infinity)
    }

    @Test("the constrained sphere ends feasible near its optimum ½ with CMA-ES, the GA and TPE")
    func sphere() throws {
        let problem = try Problem(space: .box(2, lower: -2, upper: 2))
        var cmaes = try CMAES(problem: problem, seed: 4)
        var ga = try GeneticAlgorithm(problem: problem, seed: 4, populationSize: 40)
        var tpe = try TPE(problem: problem, seed: 4)
        let cmaesBest = try constrainedSphere(&cmaes, evaluations: 3_000)
        let gaBest = try constrainedSphere(&ga, evaluations: 2_000)
        let tpeBest = try constrainedSphere(&tpe, evaluations: 200)
        check("CMA-ES", cmaesBest, tolerance: 1e-6)
        check("GA", gaBest, tolerance: 0.02)
        check("TPE", tpeBest, tolerance: 0.1)
    }

    @Test("NSGA-II with Deb's constraint domination: the final population of Deb's CONSTR problem is feasible")
    func nsga2() throws {
        // min f₁ = x₁, f₂ = (1 + x₂) / x₁ with x₂ + 9x₁ ≥ 6 and −x₂ + 9x₁ ≥ 1, x₁ ∈ [0.1, 1], x₂ ∈ [0, 5].
        let problem = try Problem(
            space: ParameterSpace([.continuous("x1", lower: 0.1, upper: 1), .continuous("x2", lower: 0, upper: 5)]),
            objectives: [.minimize("f1"), .minimize("f2")])
        var nsga2 = try NSGA2(problem: problem, seed: 6, populationSize: 40)
        for _ in 0..<60 {
            let batch = try nsga2.ask()
            try nsga2.tell(
                batch.map { Fitness([$0.genome[0], (1 + $0.genome[1]) / $0.genome[0]]) },
                constraints: batch.map { [6 - $0.genome[1] - 9 * $0.genome[0], 1 + $0.genome[1] - 9 * $0.genome[0]] })
        }
        #expect(nsga2.population.allSatisfy { $0.isFeasible }, "\(nsga2.population.filter { !$0.isFeasible }.count) infeasible")
        #expect(Set(nsga2.population.map { $0.genome[0] }).count > 10, "the front is spread")
    }

    @Test("NSGA-II on C2-DTLZ2 (3 objectives, 12 variables, r = 0.4): the final population is feasible and near the front")
    func c2dtlz2() throws {
        let m = 3, n = 12, r = 0.4
        let problem = try Problem(space: .box(n, lower: 0, upper: 1), objectives: (1...m).map { .minimize("f\($0)") })
        func objectives(_ x: [Double]) -> [Double] {
            let g = x[(m - 1)...].reduce(0) { $0 + ($1 - 0.5) * ($1 - 0.5) }
            let a = x[0] * Double.pi / 2, b = x[1] * Double.pi / 2
            return [(1 + g) * cos(a) * cos(b), (1 + g) * cos(a) * sin(b), (1 + g) * sin(a)]
        }
        func constraint(_ f: [Double]) -> Double {
            let squares = f.reduce(0) { $0 + $1 * $1 }
            var corners = Double.infinity
            for i in 0..<m {
                let distance: Double = (f[i] - 1) * (f[i] - 1) + squares - f[i] * f[i]
                corners = min(corners, distance - r * r)
            }
            let middle = 1 / Double(m).squareRoot()
            var centre = -r * r
            for value in f { centre += (value - middle) * (value - middle) }
            return min(corners, centre)
        }
        var nsga2 = try NSGA2(problem: problem, seed: 9, populationSize: 92)
        for _ in 0..<150 {
            let batch = try nsga2.ask()
            let values = batch.map { objectives($0.genome) }
            try nsga2.tell(values.map { Fitness($0) }, constraints: values.map { [constraint($0)] })
        }
        #expect(nsga2.population.allSatisfy { $0.isFeasible }, "\(nsga2.population.filter { !$0.isFeasible }.count) infeasible")
        // On the front Σ f² = 1; the feasible parts of it are the three corners and the centre region.
        let radii = nsga2.population.map { ($0.fitness?.values ?? []).reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect((radii.max() ?? .infinity) < 1.1, "largest distance to the origin \(radii.max() ?? .nan)")
        print("C2-DTLZ2: feasible", nsga2.population.filter { $0.isFeasible }.count, "of", nsga2.population.count, "max radius", radii.max() ?? .nan)
    }

    @Test("constraint values survive the packed state encoding exactly")
    func packed() throws {
        let problem = try Problem(space: .box(2, lower: -2, upper: 2))
        var tpe = try TPE(problem: problem, seed: 2, startupTrials: 3)
        _ = try constrainedSphere(&tpe, evaluations: 8)
        let copy = try JSONDecoder().decode(TPE.self, from: try JSONEncoder().encode(tpe))
        #expect(copy == tpe && copy.trials.allSatisfy { $0.constraints.count == 1 } == true)
    }
}
