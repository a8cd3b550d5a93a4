import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("Configuration files")
struct ConfigurationTests {
    @Test("a YAML study sets options, parameters with comments and groups, and the exploration; its text is stored")
    func study() async throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write(Array("""
            trajectory: product    # the trajectory's name
            comment: x times y
            file: \(directory.file("study.hdf5"))
            environment:
              cores: 2
              seed: 7
              progress: none
              log_level: critical
              log_folder: \(directory.file("logs"))
            parameters:
              x: {value: 1.0, comment: first factor}
              y: 1.0
              neuron:
                tau: {value: 0.02, comment: membrane time constant}
                name: lif
            explore_product:
              x: [1.0, 2.0, 3.0]
              y: [10, 20]

            """.utf8), to: "study.yaml")
        let env = try Environment(config: config)
        #expect(env.options.cores == 2 && env.options.seed == 7 && env.options.progress == .none)
        #expect(env.trajectory.name == "product" && env.trajectory.length == 6)
        #expect(try env.trajectory.parameter("x").comment == "first factor")
        #expect(try env.trajectory.value("neuron.tau", as: Double.self) == 0.02)
        #expect(try env.trajectory.value("neuron.name", as: String.self) == "lif")
        let outcomes = try await env.run(multiply)
        #expect(outcomes.compactMap(\.value).sorted() == [10, 20, 20, 40, 30, 60].sorted())
        let stored = try TrajectoryStorage(path: directory.file("study.hdf5")).load().trajectory
        #expect(try stored.value("config.environment.\(env.name).configuration_file", as: String.self) == config)
        #expect(try stored.value("config.environment.\(env.name).configuration", as: String.self).contains("explore_product"))
    }

    @Test("worker settings in the file choose worker processes")
    func workers() throws {
        let text = "environment:\n  executor: processes\n  workers: 3\n  timeout: 30\n  memory_limit_mb: 256\n  retries: 1\n"
        let configuration = try StudyConfiguration.parse(text)
        #expect(configuration.options.executor == .processes(WorkerProcesses(workers: 3, retries: 1, timeout: 30, memoryLimit: 256 << 20)))
    }

    @Test("unknown keys, wrong types, bad YAML, a missing file and a parameter the code adds again are typed errors")
    func errors() throws {
        func message(_ text: String) -> String? {
            do {
                _ = try StudyConfiguration.parse(text, path: "study.yaml")
                return nil
            } catch {
                #expect(error.code == .configuration)
                return error.message
            }
        }
        let unknown = message("trajectory: t\nenvironment:\n  corse: 2\n")
        #expect(unknown?.contains("study.yaml, line 3: 'environment.corse': unknown key") == true, "\(unknown ?? "")")
        let wrongType = message("environment:\n  cores: two\n")
        #expect(wrongType?.contains("line 2: 'environment.cores': expected a whole number") == true, "\(wrongType ?? "")")
        #expect(message("parameters:\n  x: [1, text]\n")?.contains("one kind") == true)
        #expect(message("explore:\n  x: 3\n")?.contains("non-empty list") == true)
        #expect(message("parameters: [unclosed\n")?.contains("not valid YAML") == true)
        #expect(message("environment:\n  executor: gpu\n")?.contains("unknown executor 'gpu'") == true)
        #expect(message("nonsense: 1\n")?.contains("unknown key") == true)

        let directory = try TemporaryDirectory()
        #expect(throws: EnvironmentError.self) { try Environment(config: directory.file("missing.yaml")) }
        let config = try directory.write(Array("trajectory: clash\nfile: \(directory.file("c.hdf5"))\nparameters:\n  x: 1.0\n".utf8), to: "c.yaml")
        let env = try Environment(config: config, options: quietOptions(directory))
        #expect(throws: TrajectoryError.self) { try env.trajectory.addParameter("x", 2.0) }
    }
}
