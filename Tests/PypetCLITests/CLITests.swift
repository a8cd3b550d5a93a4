import Foundation
import Pypet
import PypetAlgorithms
import PypetTestSupport
import Testing

/// A small optimization file: a GA on a 3-D sphere for 4 generations.
func optimizationFile(_ directory: TemporaryDirectory) async throws -> String {
    let file = directory.file("search.hdf5")
    var options = EnvironmentOptions()
    options.progress = .none
    options.logLevel = .critical
    options.logFolder = nil
    let env = try Environment(trajectory: "search", file: file, options: options)
    let problem = try Problem(space: .box(3, lower: -2, upper: 2), objectives: [.minimize("loss")])
    let optimization = Optimization(try GeneticAlgorithm(problem: problem, seed: 4, populationSize: 10), stopping: StoppingCriteria(generations: 4))
    try await optimization.run(on: env) { run in
        Fitness(try (0..<3).map { try run.value("x\($0)", as: Double.self) }.reduce(0) { $0 + $1 * $1 })
    }
    return file
}

@Suite("pypet command")
struct CLITests {
    @Test("inspect, runs, status, generations, show and export describe an optimization file")
    func reading() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)

        let inspect = try pypet(["inspect", file])
        #expect(inspect.status == 0)
        #expect(inspect.output.contains("trajectory search:") && inspect.output.contains("x0  [parameter] Double"))
        #expect(inspect.output.contains("gen_00003  [result]") && inspect.output.contains("population: NDArray<Double> shape"))

        let runs = try pypet(["runs", file, "--status", "completed"])
        #expect(runs.status == 0 && runs.output.contains("run_00000000  completed"))

        let status = try pypet(["status", file, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])
        #expect(report["generations_sealed"] as? Int == 4)
        #expect(report["finished"] as? Bool == true)
        #expect(report["missing"] as? Int == 0)

        let csv = try pypet(["generations", file, "--format", "csv"])
        let lines = csv.output.split(separator: "\n")
        #expect(lines.first == "generation,evaluations,best,mean,std,best_individual")
        #expect(lines.count == 5)
        let json = try pypet(["generations", file, "--format", "json"])
        let generations = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(generations.map { $0["generation"] as? Int } == [0, 1, 2, 3])
        let replay = try GenerationReplay(file: file)
        #expect(generations.last?["best"] as? Double == replay.generations.last?.statistics["min_loss"].flatMap { if case .double(let v) = $0 { v } else { nil } })

        let show = try pypet(["show", file, "x1"])
        #expect(show.status == 0 && show.output.contains("parameters.x1") && show.output.contains("explored ("))

        let export = try pypet(["export", file, "--format", "csv"])
        let header = export.output.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header == "idx,completed,x0,x1,x2,value")
        #expect(export.output.split(separator: "\n").count == 1 + replay.generations.reduce(0) { $0 + $1.population.count })
        let exportJSON = try pypet(["export", file, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(exportJSON.output.utf8)) as? [[String: Any]])
        #expect(rows.first?["value"] as? [Double] == replay.generations.first?.fitness.first)
    }

    @Test("errors name the file and the item and exit non-zero; --help works everywhere")
    func errors() async throws {
        let directory = try TemporaryDirectory()
        let missing = try pypet(["inspect", directory.file("missing.hdf5")])
        #expect(missing.status != 0 && missing.error.contains("missing.hdf5") && missing.error.contains("no such file"))
        let file = try await optimizationFile(directory)
        let unknown = try pypet(["show", file, "nothing_here"])
        #expect(unknown.status != 0 && unknown.error.contains("nothing_here") && unknown.error.contains(file))
        let garbage = try directory.write(Array("not an hdf5 file".utf8), to: "garbage.hdf5")
        let broken = try pypet(["runs", garbage])
        #expect(broken.status != 0 && broken.error.contains("garbage.hdf5"))
        for command in ["inspect", "runs", "status", "generations", "show", "compact", "export", "notebook"] {
            let help = try pypet([command, "--help"])
            #expect(help.status == 0 && help.output.contains("USAGE: pypet \(command)"), "\(command)")
        }
    }

    @Test("compact merges the parts and journal a crash left behind")
    func compact() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("leftover.hdf5")
        let trajectory = try Trajectory(name: "left")
        try trajectory.addParameter("x", 0.0)
        try trajectory.explore(["x": [1.0, 2.0, 3.0]])
        try RunStore.finish(path: file, trajectory: trajectory)
        do {
            let store = try RunStore(path: file, trajectoryName: "left", length: 3, checkpointRuns: 2)
            for index in 0..<3 { try await store.commit(RunRecord(index: index, status: .completed, started: 0, finished: 1)) }
            try await store.waitUntilSealed()  // the crash comes after the first part was sealed
        }
        let before = try RunStore.status(path: file)
        #expect(before.parts == 1 && before.journalRecords == 1)
        let result = try pypet(["compact", file])
        #expect(result.status == 0 && result.output.contains("merged 1 part files and 1 journal records"))
        let after = try RunStore.status(path: file)
        #expect(after.completed == [0, 1, 2] && after.parts == 0 && after.journalRecords == 0)
        #expect(try pypet(["compact", file]).output.contains("nothing to merge"))
    }

    @Test("the notebook written by `pypet notebook` runs with nbclient and saves its figures")
    func notebook() async throws {
        let directory = try TemporaryDirectory()
        let file = try await optimizationFile(directory)
        let written = try pypet(["notebook", file, "-o", directory.file("analysis.ipynb")])
        #expect(written.status == 0)
        let run = try Python.runFile("scripts/run_notebook.py", arguments: [
            directory.file("analysis.ipynb"), "--expect-figure", "analysis_convergence.png", "--expect-figure", "analysis_parameters.png",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory.file("analysis_convergence.png")))
    }
}

@Suite("pypet command on the columns layout")
struct ColumnsLayoutCommandTests {
    /// A sweep of 12 runs, each storing `z` and `fit` (two items), merged in the columns layout.
    private func columnsFile(_ directory: TemporaryDirectory) async throws -> String {
        let file = directory.file("columns.hdf5")
        var options = EnvironmentOptions()
        options.progress = .none
        options.logLevel = .critical
        options.logFolder = nil
        options.storage.runLayout = .columns
        let env = try Environment(trajectory: "sweep", file: file, options: options)
        try env.trajectory.addParameter("x", 0.0)
        try env.trajectory.explore(["x": (0..<12).map { .double(Double($0)) }])
        _ = try await env.run { run in
            let x = try run.value("x", as: Double.self)
            try run.addResult("z", x * 2, comment: "twice x")
            try run.addResult("fit", items: ["slope": .double(x), "ok": .bool(x > 5)])
            return x
        }
        return file
    }

    @Test("status names the layout, show and inspect read one run's rows, export --pypet-layout writes pypet's groups")
    func columnsCommands() async throws {
        let directory = try TemporaryDirectory()
        let file = try await columnsFile(directory)

        let status = try pypet(["status", file])
        #expect(status.status == 0 && status.output.contains("run layout: columns"), "\(status.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try pypet(["status", file, "--json"]).output.utf8)) as? [String: Any])
        #expect(json["run_layout"] as? String == "columns")

        let show = try pypet(["show", file, "results.runs.run_00000007.fit"])
        #expect(show.status == 0 && show.output.contains("slope (Double): 7") && show.output.contains("ok (Bool): true"), "\(show.output)")
        let inspect = try pypet(["inspect", file])
        #expect(inspect.output.contains("the results of 12 runs are columns of overview/results_index"), "\(inspect.output)")
        let one = try pypet(["inspect", file, "results.runs.run_00000003"])
        #expect(one.status == 0 && one.output.contains("z  [result] z: Double 6") && one.output.contains("# twice x"), "\(one.output)")
        let export = try pypet(["export", file, "--format", "csv"])
        #expect(export.output.contains("fit.slope") && export.output.contains("\n7,true,7"), "\(export.output)")

        let exported = directory.file("exported.hdf5")
        let written = try pypet(["export", file, "--pypet-layout", "-o", exported])
        #expect(written.status == 0 && written.output.contains("12 runs' results as pypet's run groups"), "\(written.output)")
        let exportedStatus = try pypet(["status", exported])
        #expect(!exportedStatus.output.contains("run layout: columns"))
        let missingOutput = try pypet(["export", file, "--pypet-layout"])
        #expect(missingOutput.status != 0 && missingOutput.error.contains("--output"), "\(missingOutput.error)")
        let same = try pypet(["export", file, "--pypet-layout", "-o", file])
        #expect(same.status != 0 && same.error.contains("overwrite the file itself"), "\(same.error)")
    }
}
