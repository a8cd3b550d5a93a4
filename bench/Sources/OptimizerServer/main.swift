// pypet-optimizer-server: the optimizers of PypetOptimizers (and nothing else of swift-pypet) behind a
// line protocol on stdin/stdout, so that bench/bbob.py can drive them by ask/tell on the BBOB suite beside
// pycma and Optuna.
//
//   new <algorithm> <dimension> <lower> <upper> <seed> [key=value ...]   → ok
//       algorithm: cmaes | tpe | ga | random; keys: restarts=ipop|bipop|none, popsize=N, multivariate=0|1,
//       batch=N (tpe), startup=N (tpe), sigma=S (cmaes, relative to upper − lower), active=0 (cmaes: passive update),
//       tolfun=T, tolx=T (cmaes termination tolerances), bounds=transform|problem (cmaes: pycma's transformation
//       or the problem's clipping), constants=pycma|tutorial (cmaes strategy constants), finalmean=0 (cmaes: do not
//       evaluate a restarted run's final mean), dominated=1 (cmaes: tolfundominated, not pycma's),
//       objectives=M (M minimized objectives; tpe, ga, random)
//   ask                      → <k> followed by k·dimension coordinates (%.17g)
//   tell <v1> ... <vk·M>     → ok | finished (M values per individual, in ask order)
//   terminations             → CMA-ES: why each finished run ended, then lambda=… sigma=… of the current run
//   genotypes                → CMA-ES under the transformation: <k> and the pending ask's untransformed samples
//   state                    → CMA-ES: mean (genotype), σ, step scaling, covariance (row-major), p_c, p_σ (%.17g),
//                              to compare its update with pycma's on the same samples
//   stats                    → ask_seconds <total> asks <count> (time spent inside ask() since `new`)
//   quit
// Errors are answered `error <message>` and leave the process running.

import Foundation
import PypetOptimizers

enum ServerError: Error, CustomStringConvertible {
    case usage(String)
    var description: String { if case .usage(let text) = self { text } else { "" } }
}

/// One optimizer behind an existential wrapper with its timing.
struct Session {
    var optimizer: any Optimizer
    var askSeconds = 0.0
    var asks = 0

    mutating func ask() throws -> [Individual] {
        let clock = ContinuousClock()
        var batch: [Individual] = []
        let elapsed = try clock.measure { batch = try Self.ask(&optimizer) }
        askSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        asks += 1
        return batch
    }

    mutating func tell(_ values: [Fitness]) throws -> Bool {
        try Self.tell(&optimizer, values)
        return optimizer.isFinished
    }

    private static func ask<O: Optimizer>(_ optimizer: inout O) throws -> [Individual] { try optimizer.ask() }
    private static func tell<O: Optimizer>(_ optimizer: inout O, _ values: [Fitness]) throws { try optimizer.tell(values) }
}

func makeOptimizer(_ words: [Substring]) throws -> any Optimizer {
    guard words.count >= 6, let dimension = Int(words[2]), let lower = Double(words[3]), let upper = Double(words[4]),
          let seed = UInt64(words[5]) else {
        throw ServerError.usage("new <algorithm> <dimension> <lower> <upper> <seed> [key=value ...]")
    }
    var options: [String: String] = [:]
    for word in words.dropFirst(6) {
        let parts = word.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { throw ServerError.usage("option '\(word)' is not key=value") }
        options[String(parts[0])] = String(parts[1])
    }
    let objectives = options["objectives"].flatMap { Int($0) } ?? 1
    guard objectives >= 1 else { throw ServerError.usage("objectives must be at least 1") }
    let problem = try Problem(
        space: .box(dimension, lower: lower, upper: upper), objectives: (0..<objectives).map { .minimize("f\($0)") })
    let populationSize = options["popsize"].flatMap { Int($0) }
    switch words[1] {
    case "cmaes":
        guard let restarts = CMAESRestarts(rawValue: options["restarts"] ?? "ipop") else { throw ServerError.usage("restarts: ipop, bipop or none") }
        guard let bounds = CMAESBoundaryHandling(rawValue: options["bounds"] ?? "transform") else { throw ServerError.usage("bounds: transform or problem") }
        guard let constants = CMAESConstants(rawValue: options["constants"] ?? "pycma") else { throw ServerError.usage("constants: pycma or tutorial") }
        return try CMAES(
            problem: problem, seed: seed, initialSigma: options["sigma"].flatMap { Double($0) } ?? 0.2, populationSize: populationSize,
            restarts: restarts, activeUpdate: options["active"] != "0",
            functionTolerance: options["tolfun"].flatMap { Double($0) } ?? 1e-11, stepTolerance: options["tolx"].flatMap { Double($0) } ?? 1e-11,
            boundaryHandling: bounds, constants: constants, evaluateFinalMean: options["finalmean"] != "0",
            stopsDominatedRuns: options["dominated"] == "1")
    case "tpe":
        return try TPE(
            problem: problem, seed: seed, startupTrials: options["startup"].flatMap { Int($0) } ?? 10,
            batchSize: options["batch"].flatMap { Int($0) } ?? 1, multivariate: options["multivariate"] == "1")
    case "ga":
        return try GeneticAlgorithm(problem: problem, seed: seed, populationSize: populationSize ?? 100)
    case "random":
        return try RandomSearch(problem: problem, seed: seed, batchSize: populationSize ?? 1)
    default:
        throw ServerError.usage("unknown algorithm '\(words[1])' (cmaes, tpe, ga, random)")
    }
}

var session: Session?
/// One line to stdout, written at once (a pipe to Python: no buffering that would hold it back).
func reply(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
while let line = readLine() {
    let words = line.split(separator: " ")
    guard let command = words.first else { continue }
    do {
        switch command {
        case "new":
            session = Session(optimizer: try makeOptimizer(words))
            reply("ok")
        case "ask":
            guard var current = session else { throw ServerError.usage("ask before new") }
            let batch = try current.ask()
            session = current
            var text = String(batch.count)
            for individual in batch { for x in individual.genome { text += " " + String(format: "%.17g", x) } }
            reply(text)
        case "tell":
            guard var current = session else { throw ServerError.usage("tell before new") }
            var numbers: [Double] = []
            for word in words.dropFirst() {
                guard let value = Double(word) else { throw ServerError.usage("'\(word)' is not a number") }
                numbers.append(value)
            }
            let objectives = current.optimizer.problem.objectives.count
            guard numbers.count % objectives == 0 else { throw ServerError.usage("tell: \(numbers.count) values for \(objectives) objectives each") }
            let values = stride(from: 0, to: numbers.count, by: objectives).map { Fitness(Array(numbers[$0..<($0 + objectives)])) }
            let finished = try current.tell(values)
            session = current
            reply(finished ? "finished" : "ok")
        case "terminations":
            // CMA-ES: why each finished run ended, and the current run's population size and step.
            guard let cmaes = session?.optimizer as? CMAES else { throw ServerError.usage("terminations: only for cmaes") }
            let n = cmaes.mean.count
            let deviations = (0..<n).map { cmaes.covariance[$0 * n + $0].squareRoot() }
            reply((cmaes.terminations.map(\.rawValue) + [
                "lambda=\(cmaes.lambda)", "sigma=\(cmaes.sigma)", "sqrtdiagC=\(deviations.min() ?? 0)...\(deviations.max() ?? 0)",
                "scaling=\(cmaes.stepScaling.min() ?? 0)...\(cmaes.stepScaling.max() ?? 0)",
                "maxstd=\((0..<n).map { cmaes.sigma * cmaes.stepScaling[$0] * deviations[$0] }.max() ?? 0)",
                "mean=\(cmaes.mean.map { String(format: "%.4g", $0) }.joined(separator: ","))",
            ]).joined(separator: " "))
        case "genotypes":
            // CMA-ES under the bound transformation: the untransformed samples of the pending ask.
            guard let cmaes = session?.optimizer as? CMAES else { throw ServerError.usage("genotypes: only for cmaes") }
            let rows = cmaes.pendingGenotypes ?? []
            reply(([String(rows.count)] + rows.flatMap { $0.map { String(format: "%.17g", $0) } }).joined(separator: " "))
        case "state":
            // CMA-ES: mean (genotype), σ, step scaling and covariance, exact.
            guard let cmaes = session?.optimizer as? CMAES else { throw ServerError.usage("state: only for cmaes") }
            let numbers = cmaes.mean + [cmaes.sigma] + cmaes.stepScaling + cmaes.covariance + cmaes.pathC + cmaes.pathSigma
            reply(numbers.map { String(format: "%.17g", $0) }.joined(separator: " "))
        case "stats":
            reply("ask_seconds \(session?.askSeconds ?? 0) asks \(session?.asks ?? 0)")
        case "quit":
            exit(0)
        default:
            throw ServerError.usage("unknown command '\(command)'")
        }
    } catch {
        reply("error \(error)")
    }
}
