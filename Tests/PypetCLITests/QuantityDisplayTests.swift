import Foundation
import Pypet
import PypetTestSupport
import Testing

@Suite("pypet command: unit quantities")
struct QuantityDisplayTests {
    @Test("show prints quantity parameters, explored values and results with their units; export gives value and unit")
    func quantities() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("units.hdf5")
        let trajectory = try Trajectory(name: "units")
        try trajectory.addParameter("neuron.v_rest", Quantity(-70, .mV))
        try trajectory.explore(["neuron.v_rest": [Quantity(-70, .mV), Quantity(-65.5, .mV)].map(\.pypetValue)])
        for index in 0..<2 {
            try trajectory.addResult("results.runs.\(NodeName.run(index)).rate", .quantity(Quantity(12.5 * Double(index + 1), .Hz)))
            try trajectory.addResult("results.runs.\(NodeName.run(index)).trace", .quantity(Quantity([1, 2.5], .ms)))
            try trajectory.markRunCompleted(index, at: 1)
        }
        try TrajectoryStorage(path: path).store(trajectory)

        let parameter = try pypet(["show", path, "neuron.v_rest"])
        #expect(parameter.status == 0, "\(parameter.error)")
        #expect(parameter.output.contains("default: -70 mV"), "\(parameter.output)")
        #expect(parameter.output.contains("-65.5 mV"), "\(parameter.output)")
        let rate = try pypet(["show", path, "results.runs.run_00000001.rate"])
        #expect(rate.output.contains("25 Hz"), "\(rate.output)")
        let trace = try pypet(["show", path, "results.runs.run_00000000.trace"])
        #expect(trace.output.contains("[1, 2.5] ms"), "\(trace.output)")
    }
}
