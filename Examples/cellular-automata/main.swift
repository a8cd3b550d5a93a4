// cellular-automata: the second example of the pypet paper. Runs 1-D elementary cellular automata for the
// rules 10, 30, 90, 110, 184 and 190 from one random initial state and stores each full space-time
// pattern (steps x cells) as the run's result `pattern`.

import ArgumentParser
import Foundation
import Pypet

@main
struct CellularAutomata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cellular-automata", abstract: "pypet's second example: elementary cellular automata, one rule per run.")

    @Option(help: "The HDF5 file (replaced).")
    var file = "hdf5/cellular-automata.hdf5"

    @Option(help: "Runs executing at once (0 = every processor).")
    var cores = 1

    @Option(help: "Seed of the random initial state (the trajectory's `seed` parameter).")
    var seed = 100042

    @Option(help: "Number of cells.")
    var ncells = 400

    @Option(help: "Number of time steps.")
    var steps = 250

    @Option(help: "A YAML study file (options, parameters, exploration), e.g. Examples/cellular-automata/study.yaml; replaces the flags above.")
    var config: String?

    @Flag(help: "Print each pattern's first rows as text.")
    var show = false

    @Flag(help: "Continue the trajectory in --file (after a crash or Ctrl-C) instead of replacing it.")
    var resume = false

    func validate() throws {
        guard ncells >= 3, steps >= 1 else { throw ValidationError("--ncells must be at least 3 and --steps at least 1") }
    }

    func run() async throws {
        var options = EnvironmentOptions()
        options.cores = cores
        options.storage.deflate = 4
        options.resume = resume
        options.overwrite = !resume
        let env: Environment
        if let config {
            // The study file names the trajectory, its file, the options, the parameters and the rules.
            env = try Environment(config: config, options: options)
        } else {
            env = try Environment(trajectory: "cellular_automata", comment: "Elementary cellular automata", file: file, options: options)
        }
        let traj = env.trajectory
        if !env.isResumed, config == nil {
            try traj.addParameter("rule_number", 0, comment: "Wolfram code of the rule")
            try traj.addParameter("ncells", ncells, comment: "Number of cells")
            try traj.addParameter("steps", steps, comment: "Number of time steps")
            try traj.addParameter("seed", seed, comment: "Seed of the random initial state")
            try traj.explore(["rule_number": [10, 30, 90, 110, 184, 190].map { PypetValue.int($0) }])
        }

        let outcomes = try await env.run { run -> [UInt8] in
            let rule = try run.rule_number.value(as: Int.self)
            let cells = try run.ncells.value(as: Int.self)
            let steps = try run.steps.value(as: Int.self)
            let seed = try run.seed.value(as: Int.self)
            let initial = try Automaton.randomState(cells: cells, seed: UInt64(truncatingIfNeeded: seed))
            let pattern = Automaton.evolve(rule: rule, initial: initial, steps: steps)
            try run.addResult(
                "pattern", .array(try NDArray(shape: [steps, cells], elements: .int(pattern.map(Int.init)))),
                comment: "Space-time pattern, one row per step")
            return pattern
        }
        if env.isResumed { print("Resumed: \(outcomes.count) runs were left to do.") }
        let steps = try traj.value("steps", as: Int.self), ncells = try traj.value("ncells", as: Int.self)
        for outcome in outcomes {
            let rule = try Int(pypetValue: traj.parameter("rule_number").range[outcome.index])
            guard let pattern = outcome.value else {
                print("rule \(rule): failed: \(outcome.failure ?? "")")
                continue
            }
            let alive = pattern.reduce(0) { $0 + Int($1) }
            print("rule \(rule): \(alive) live cells over \(steps) steps")
            if show {
                for row in 0..<min(steps, 16) {
                    print(String(pattern[(row * ncells)..<(row * ncells + min(ncells, 100))].map { $0 == 1 ? "#" : " " }))
                }
            }
        }
        print("Stored \(outcomes.count) patterns in \(env.file ?? file) (trajectory '\(traj.name)').")
    }
}

/// Elementary (two-state, nearest-neighbour) cellular automata with periodic boundaries.
enum Automaton {
    /// A random state: each cell alive with probability 1/2, drawn from a GSL stream seeded with `seed`.
    static func randomState(cells: Int, seed: UInt64) throws -> [UInt8] {
        let stream = try RandomStream(seed: seed & 0xFFFF_FFFF)
        return try (0..<cells).map { _ in try stream.bernoulli(0.5) ? 1 : 0 }
    }

    /// The pattern (`steps` rows of cells, row-major) of `rule` from `initial`.
    static func evolve(rule: Int, initial: [UInt8], steps: Int) -> [UInt8] {
        let cells = initial.count
        var pattern = [UInt8](repeating: 0, count: steps * cells)
        var row = initial
        for step in 0..<steps {
            pattern.replaceSubrange((step * cells)..<((step + 1) * cells), with: row)
            var next = row
            for cell in 0..<cells {
                let left = row[(cell + cells - 1) % cells], centre = row[cell], right = row[(cell + 1) % cells]
                let neighbourhood = Int(left) << 2 | Int(centre) << 1 | Int(right)
                next[cell] = UInt8((rule >> neighbourhood) & 1)
            }
            row = next
        }
        return pattern
    }
}
