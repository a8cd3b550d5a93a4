// swift-tools-version: 6.1
// swift-pypet: pypet (the Python Parameter Exploration Toolkit) rebuilt in Swift as an adaptive
// optimization toolkit. GPL-3.0-or-later (it links GNU GSL).

import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency), internal imports
/// by default so no C type leaks into public API, and explicit `any` for existentials.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-pypet",
    products: [
        .library(name: "HDF5", targets: ["HDF5"]),
        .library(name: "GSLRandom", targets: ["GSLRandom"]),
        .library(name: "PypetCore", targets: ["PypetCore"]),
        .library(name: "PypetStorage", targets: ["PypetStorage"]),
        .library(name: "Pypet", targets: ["Pypet"]),
        .library(name: "PypetOptimizers", targets: ["PypetOptimizers"]),
        .library(name: "PypetAlgorithms", targets: ["PypetAlgorithms"]),
        .library(name: "PypetMPI", targets: ["PypetMPI"]),
        .library(name: "PypetNetwork", targets: ["PypetNetwork"]),
        .executable(name: "hdf5-tour", targets: ["HDF5Tour"]),
        .executable(name: "pypet-bench", targets: ["PypetBench"]),
        .executable(name: "pypet-optimizer-server", targets: ["OptimizerServer"]),
        .executable(name: "store-runs", targets: ["StoreRuns"]),
        .executable(name: "pypet-load-check", targets: ["PypetLoadCheck"]),
        .executable(name: "multiply", targets: ["Multiply"]),
        .executable(name: "cellular-automata", targets: ["CellularAutomata"]),
        .executable(name: "rastrigin", targets: ["Rastrigin"]),
        .executable(name: "pypet", targets: ["PypetCLI"]),
        .executable(name: "optimize-hyperparameters", targets: ["OptimizeHyperparameters"]),
        .executable(name: "nsga2-zdt1", targets: ["NSGA2ZDT1"]),
        .executable(name: "fragile-simulation", targets: ["FragileSimulation"]),
        .executable(name: "clustered-network", targets: ["ClusteredNetwork"]),
        .executable(name: "network-bench", targets: ["NetworkBench"]),
        .executable(name: "network-rate-fit", targets: ["NetworkRateFit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: C libraries (header-only shims: getters for the macros Swift cannot import)
        .systemLibrary(
            name: "CHDF5",
            path: "Sources/CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .systemLibrary(name: "CProcess", path: "Sources/CProcess"),
        .systemLibrary(
            name: "CMPI",
            path: "Sources/CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .systemLibrary(
            name: "CGSL",
            path: "Sources/CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // MARK: Swift layers
        .target(
            name: "HDF5",
            dependencies: [
                "CHDF5",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GSLRandom",
            dependencies: ["CGSL"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetCore",
            dependencies: [
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetStorage",
            dependencies: [
                "HDF5", "PypetCore",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Pypet",
            dependencies: [
                "HDF5", "GSLRandom", "PypetCore", "PypetStorage", "CProcess",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // The optimizers alone (spaces, individuals, operators, every algorithm): GSL and pure Swift, no HDF5
        // (scripts/check_optimizer_deps.sh proves it). The environment driver builds on it.
        .target(
            name: "PypetOptimizers",
            dependencies: ["GSLRandom", "PypetCore"],
            path: "Algorithms/Optimizers",
            exclude: [
                "GeneticAlgorithm/README.md", "CMAES/README.md", "EvolutionStrategy/README.md", "CrossEntropy/README.md",
                "SimulatedAnnealing/README.md", "NSGA2/README.md", "Search/README.md", "TPE/README.md", "PBT/README.md",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetAlgorithms",
            dependencies: ["Pypet", "PypetOptimizers"],
            path: "Algorithms",
            exclude: ["Optimizers"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetMPI",
            dependencies: ["Pypet", "PypetCore", "PypetStorage", "CMPI"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetNetwork",
            dependencies: ["Pypet", "GSLRandom", "PypetCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PypetTestSupport",
            dependencies: ["HDF5", "GSLRandom", "PypetCore", "PypetStorage", "Pypet", "PypetAlgorithms"],
            swiftSettings: swiftSettings
        ),

        // MARK: Examples and benchmarks
        .executableTarget(
            name: "HDF5Tour",
            dependencies: [
                "HDF5", "GSLRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/hdf5-tour",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PypetLoadCheck",
            dependencies: ["PypetStorage"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StoreRuns",
            dependencies: [
                "PypetCore", "PypetStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/store-runs",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Multiply",
            dependencies: ["Pypet", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/multiply",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CellularAutomata",
            dependencies: ["Pypet", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/cellular-automata",
            exclude: ["README.md", "study.yaml"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PypetCLI",
            dependencies: ["Pypet", "PypetAlgorithms", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OptimizeHyperparameters",
            dependencies: ["Pypet", "PypetAlgorithms", "PypetMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/optimize-hyperparameters",
            exclude: ["README.md", "Data"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "NSGA2ZDT1",
            dependencies: ["Pypet", "PypetAlgorithms", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/nsga2-zdt1",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FragileSimulation",
            dependencies: ["Pypet", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/fragile-simulation",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ClusteredNetwork",
            dependencies: ["Pypet", "PypetNetwork", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/clustered-network",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "NetworkRateFit",
            dependencies: ["Pypet", "PypetAlgorithms", "PypetNetwork", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/network-rate-fit",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Rastrigin",
            dependencies: ["Pypet", "PypetAlgorithms", "PypetMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/rastrigin",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PypetBench",
            dependencies: [
                "HDF5", "PypetCore", "PypetStorage", "Pypet", "PypetAlgorithms", "PypetMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "bench/Sources/PypetBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "NetworkBench",
            dependencies: ["GSLRandom", "PypetCore", "PypetNetwork"],
            path: "bench/Sources/NetworkBench",
            swiftSettings: swiftSettings
        ),
        // The optimizers alone behind an ask/tell line protocol, for bench/bbob.py.
        .executableTarget(
            name: "OptimizerServer",
            dependencies: ["PypetOptimizers"],
            path: "bench/Sources/OptimizerServer",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "HDF5Tests",
            dependencies: [
                "HDF5", "GSLRandom", "PypetTestSupport",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            exclude: ["Python"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetCoreTests",
            dependencies: [
                "PypetCore", "PypetTestSupport",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetStorageTests",
            dependencies: [
                "PypetStorage", "PypetCore", "HDF5", "PypetTestSupport",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            exclude: ["Python"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetTests",
            dependencies: ["Pypet", "PypetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetAlgorithmsTests",
            dependencies: ["PypetAlgorithms", "Pypet", "PypetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetOptimizersTests",
            dependencies: ["PypetOptimizers", "GSLRandom"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetCLITests",
            dependencies: [
                "Pypet", "PypetAlgorithms", "PypetTestSupport",
                .product(name: "ComplexModule", package: "swift-numerics"),
            ],
            // Expected outputs of the pypet command, read by SnapshotTests from the repository.
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PypetNetworkTests",
            dependencies: ["PypetNetwork", "Pypet", "PypetStorage", "PypetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GSLRandomTests",
            dependencies: ["GSLRandom", "PypetTestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
