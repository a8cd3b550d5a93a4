import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

@Suite("CMA-ES")
struct CMAESTests {
    @Test("reaches f < 1e-8 on the 10-D sphere within 10,000 evaluations")
    func sphere() throws {
        let problem = try Problem(space: .box(10, lower: -5, upper: 5), objectives: [.minimize("f")])
        let optimization = Optimization(try CMAES(problem: problem, seed: 11), stopping: StoppingCriteria(evaluations: 10_000, target: 1e-8))
        let best = try #require(try optimization.run { Fitness(Benchmarks.sphere($0)) }?.fitness?.value)
        #expect(best < 1e-8, "best \(best) after \(optimization.evaluations) evaluations")
        #expect(optimization.evaluations <= 10_000)
        print("CMA-ES sphere:", best, "evaluations:", optimization.evaluations)
    }

    @Test("reaches f < 1e-6 on the 10-D Rosenbrock function within 30,000 evaluations")
    func rosenbrock() throws {
        let problem = try Problem(space: .box(10, lower: -5, upper: 5), objectives: [.minimize("f")])
        let optimization = Optimization(try CMAES(problem: problem, seed: 5), stopping: StoppingCriteria(evaluations: 30_000, target: 1e-6))
        let best = try #require(try optimization.run { Fitness(Benchmarks.rosenbrock($0)) }?.fitness?.value)
        #expect(best < 1e-6, "best \(best) after \(optimization.evaluations) evaluations")
        print("CMA-ES Rosenbrock:", best, "evaluations:", optimization.evaluations)
    }

    @Test("IPOP restarts double the population after convergence on a multimodal function")
    func restarts() throws {
        let problem = try Problem(space: .box(4, lower: -5.12, upper: 5.12), objectives: [.minimize("f")])
        var cmaes = try CMAES(problem: problem, seed: 2, maximumRestarts: 3, functionTolerance: 1e-9)
        let optimization = Optimization(cmaes, stopping: StoppingCriteria(evaluations: 60_000))
        try optimization.run { Fitness(Benchmarks.rastrigin($0)) }
        cmaes = optimization.optimizer
        #expect(cmaes.restarts >= 1)
        guard case .int(let lambda) = cmaes.state["lambda"] else { Issue.record("no lambda"); return }
        #expect(lambda == Int((4 + 3 * log(4.0)) * Double(1 << cmaes.restarts)))
        #expect(cmaes.state["covariance"] != nil && cmaes.state["mean"] != nil && cmaes.state["path_sigma"] != nil)
    }
}
