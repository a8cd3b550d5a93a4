import Foundation
import PypetCore
import PypetStorage
import PypetTestSupport
import Testing

@Suite("Unit quantities")
struct QuantityTests {
    @Test("sums and differences convert to the left operand's unit")
    func addition() throws {
        let five: Quantity = 5 * .mV, two: Quantity = 2 * .mV
        #expect(try five + two == Quantity(7, .mV))
        let sum = try Quantity(1, .second) + Quantity(500, .ms)
        #expect(sum.unit == .second)
        #expect(sum.magnitudes == [1.5])
        let difference = try Quantity(10, .ms) - Quantity(0.5, .ms)
        #expect(difference.description == "9.5 ms")
        let array = try Quantity([1, 2, 3], .mV) + Quantity(1, .mV)
        #expect(array.magnitudes == [2, 3, 4])
        #expect(array.shape == [3])
    }

    @Test("adding volts to seconds throws a dimension mismatch naming both")
    func dimensionErrors() throws {
        let voltage = Quantity(5, .mV), duration = Quantity(2, .ms), conductance = Quantity(3, .nS)
        let pair = Quantity([1, 2], .mV), triple = Quantity([1, 2, 3], .mV)
        let error = expectError(QuantityError.Code.dimensionMismatch, as: QuantityError.self) { try voltage + duration }
        #expect(error?.message.contains("mV") == true)
        #expect(error?.message.contains("ms") == true)
        expectError(QuantityError.Code.dimensionMismatch, as: QuantityError.self) { try voltage - duration }
        expectError(QuantityError.Code.dimensionMismatch, as: QuantityError.self) { try conductance.value(in: .mV) }
        expectError(QuantityError.Code.dimensionMismatch, as: QuantityError.self) { try conductance.isLess(than: duration) }
        expectError(QuantityError.Code.shapeMismatch, as: QuantityError.self) { try pair + triple }
        expectError(QuantityError.Code.shapeMismatch, as: QuantityError.self) { try pair.value(in: .mV) }
        expectError(QuantityError.Code.shapeMismatch, as: QuantityError.self) { try Quantity(magnitudes: [1, 2, 3], shape: [2, 2], unit: .ms) }
    }

    @Test("products and quotients combine dimensions and convert to named units")
    func products() throws {
        // Ohm's law: 2 nS * 10 mV = 20 pA.
        let current = try Quantity(2, .nS) * Quantity(10, .mV)
        #expect(current.dimension == PhysicalUnit.pA.dimension)
        #expect(abs(try current.value(in: .pA) - 20) < 1e-12)
        // 10 mV / 2 ms = 5 V/s.
        let slope = try Quantity(10, .mV) / Quantity(2, .ms)
        #expect(abs(try slope.value(in: PhysicalUnit.volt / PhysicalUnit.second) - 5) < 1e-12)
        // A rate times a duration is a pure number.
        let count = try Quantity(20, .Hz) * Quantity(500, .ms)
        #expect(count.dimension.isDimensionless)
        #expect(abs(try count.value(in: .one) - 10) < 1e-12)
        #expect((3 * .ms * 2).magnitudes == [6])
        #expect((-(4 * .pA)).magnitudes == [-4])
        #expect(try (1 * .ms).isLess(than: 1 * .second))
    }

    @Test("conversions give known answers")
    func conversions() throws {
        #expect(try (0.5 * .second).value(in: .ms) == 500)
        #expect(try (-70 * .mV).value(in: .volt) == -0.07)
        #expect(try (250 * .ms).value(in: .second) == 0.25)
        #expect(try (1.5 * .kHz).value(in: .Hz) == 1500)
        #expect(try (0.3 * .uS).value(in: .nS) == 300)
        #expect(try (2 * .nA).value(in: .pA) == 2000)
        #expect(try (0.5 * .second).converted(to: .ms).description == "500 ms")
        #expect(try ([1, 2] * .second).values(in: .ms) == [1000, 2000])
        #expect((-70 * .mV).siMagnitudes == [-0.07])
    }

    @Test("quantities print as people write them")
    func formatting() {
        #expect((-70 * .mV).description == "-70 mV")
        #expect((0.5 * .second).description == "0.5 s")
        #expect(([1, 2.5] * .ms).description == "[1, 2.5] ms")
        #expect((20 * .Hz).description == "20 Hz")
        #expect((0.1 * .nS).description == "0.1 nS")
        #expect((PhysicalUnit.mV / PhysicalUnit.ms).symbol == "mV/ms")
        #expect((PhysicalUnit.nS * PhysicalUnit.mV).symbol == "nS*mV")
        #expect(PhysicalUnit.coherent(PhysicalUnit.mV.dimension) == .volt)
        #expect(PhysicalDimension(m: 2, kg: 1, s: -3, A: -1).description == "kg*m^2*s^-3*A^-1")
    }

    @Test("unit symbols parse back to the same unit; unknown symbols throw")
    func symbols() throws {
        for unit in PhysicalUnit.catalog { #expect(try PhysicalUnit(symbol: unit.symbol) == unit) }
        let compound = PhysicalUnit.mV / PhysicalUnit.ms
        #expect(try PhysicalUnit(symbol: compound.symbol) == compound)
        let product = PhysicalUnit.nS * PhysicalUnit.mV
        #expect(try PhysicalUnit(symbol: product.symbol) == product)
        #expect(try PhysicalUnit(symbol: "kg*m^2*s^-3*A^-1").dimension == PhysicalUnit.volt.dimension)
        #expect(try PhysicalUnit(symbol: "1/ms").dimension == PhysicalUnit.Hz.dimension)
        expectError(QuantityError.Code.unknownUnit, as: QuantityError.self) { try PhysicalUnit(symbol: "furlong") }
        expectError(QuantityError.Code.unknownUnit, as: QuantityError.self) { try PhysicalUnit(symbol: "ms^x") }
    }

    @Test("quantity parameters and results round-trip through the file, explored, and h5py sees the unit attribute")
    func storageRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("units.hdf5")
        let traj = try Trajectory(name: "units")
        try traj.addParameter("neuron.tau", 20 * .ms, comment: "membrane time constant")
        try traj.addParameter("neuron.v_rest", -70 * .mV)
        let explored: [PypetValue] = [.quantity(Quantity(10, .ms)), .quantity(Quantity(20, .ms)), .quantity(Quantity(0.03, .second))]
        try traj.explore(["neuron.tau": explored])
        let trace = try Quantity(magnitudes: [-70, -69.5, -68.25, -67, -66.5, -65], shape: [2, 3], unit: .mV)
        try traj.addResult("monitor.v", .quantity(trace))
        try traj.addResult("monitor.rate", .quantity(12.5 * .Hz))
        let storage = TrajectoryStorage(path: path)
        try storage.store(traj)

        let loaded = try storage.load()
        #expect(loaded.failures.isEmpty, "\(loaded.failures)")
        let tau = try loaded.trajectory.parameter("neuron.tau")
        #expect(tau.defaultValue == .quantity(20 * .ms))
        let expected: [PypetValue] = [.quantity(Quantity(10, .ms)), .quantity(Quantity(20, .ms)), .quantity(Quantity(30, .ms))]
        #expect(tau.range == expected)
        #expect(try loaded.trajectory.parameter("neuron.v_rest").defaultValue == .quantity(-70 * .mV))
        #expect(try loaded.trajectory.result("monitor.v").item("v") == .quantity(trace))
        #expect(try loaded.trajectory.result("monitor.rate").item("rate") == .quantity(12.5 * .Hz))

        let output = try Python.run(
            """
            import sys, json, h5py
            with h5py.File(sys.argv[1], "r") as f:
                base = f["units"]
                v = base["results/monitor/v/v"]
                tau = base["parameters/neuron/tau"]
                print(json.dumps({
                    "v_unit": v.attrs["SWIFT_PYPET_UNIT"].decode() if isinstance(v.attrs["SWIFT_PYPET_UNIT"], bytes) else str(v.attrs["SWIFT_PYPET_UNIT"]),
                    "v": v[()].tolist(),
                    "tau_unit": str(tau.attrs["SWIFT_PYPET_UNIT"].decode() if isinstance(tau.attrs["SWIFT_PYPET_UNIT"], bytes) else tau.attrs["SWIFT_PYPET_UNIT"]),
                    "tau_scale": float(tau.attrs["SWIFT_PYPET_UNIT_SCALE"]),
                    "tau": float(tau["data"][0][0]),
                    "explored": [float(row[0]) for row in tau["explored_data"][()]],
                }))
            """, arguments: [path])
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(seen["v_unit"] as? String == "mV")
        #expect(seen["v"] as? [[Double]] == [[-70, -69.5, -68.25], [-67, -66.5, -65]])
        #expect(seen["tau_unit"] as? String == "ms")
        #expect(seen["tau_scale"] as? Double == 0.001)
        #expect(seen["tau"] as? Double == 20)
        #expect(seen["explored"] as? [Double] == [10, 20, 30])
    }

    @Test("a parameter keeps its dimension: exploring seconds with volts fails")
    func exploreDimension() throws {
        let traj = try Trajectory(name: "units")
        try traj.addParameter("tau", 20 * .ms)
        #expect(throws: TrajectoryError.self) { try traj.explore(["tau": [(1 * .mV).pypetValue]]) }
        #expect(throws: TrajectoryError.self) { try traj.addParameter("trace", [1, 2] * .mV) }
    }
}
