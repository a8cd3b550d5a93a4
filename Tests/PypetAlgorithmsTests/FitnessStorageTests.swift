import Foundation
import PypetAlgorithms
import Testing

/// Fitness and weighted values keep up to two values inline and more in an array; every size must behave
/// the same through the public API.
@Suite("Fitness storage")
struct FitnessStorageTests {
    @Test("values, count, subscript and value agree for 0 to 4 objectives; setting values replaces them", arguments: 0...4)
    func sizes(count: Int) {
        let values = (0..<count).map { Double($0) * 1.5 - 2 }
        var fitness = Fitness(values)
        #expect(fitness.values == values)
        #expect(fitness.count == count)
        #expect((0..<count).map { fitness[$0] } == values)
        if count == 0 { #expect(fitness.value.isNaN) } else { #expect(fitness.value == values[0]) }
        #expect(fitness == Fitness(values))
        #expect(fitness != Fitness(values + [7]))
        fitness.values = [9, 8, 7]
        #expect(fitness.values == [9, 8, 7])
        #expect(fitness == Fitness([9, 8, 7]))
        fitness.values = [5]
        #expect(fitness == Fitness(5.0))
        #expect(Set([Fitness([1, 2]), Fitness([1, 2]), Fitness([1, 2, 3]), Fitness([1, 2, 3])]).count == 2)
    }

    @Test("weighted values follow the objectives' signs and weights for 1, 2 and 3 objectives; comparisons use them")
    func weighted() {
        let objectives: [Objective] = [.minimize("a", weight: 2), .maximize("b"), .minimize("c")]
        for count in 1...3 {
            var better = Individual(genome: [0])
            var worse = Individual(genome: [1])
            better.assign(Fitness(Array([1, 5, 1].prefix(count))), objectives: Array(objectives.prefix(count)))
            // The last objective worse, the others equal.
            let worseValues: [[Double]] = [[2], [1, 4], [1, 5, 3]]
            worse.assign(Fitness(worseValues[count - 1]), objectives: Array(objectives.prefix(count)))
            #expect(better.weighted == Array([-2, 5, -1].prefix(count)))
            #expect(better.isBetter(than: worse))
            #expect(!worse.isBetter(than: better))
            #expect(better.dominates(worse))
            #expect(!better.dominates(better))
            better.invalidate()
            #expect(better.weighted.isEmpty && better.fitness == nil)
            #expect(!better.isBetter(than: worse) && worse.isBetter(than: better))
        }
        var nan = Individual(genome: [0])
        nan.assign(Fitness([.nan, 1, 1]), objectives: objectives)
        #expect(nan.weighted == [-.infinity, 1, -1])
    }

    @Test("Fitness and Individual encode the same keys as before (values; genome, fitness, weighted, failure, runIndex, strategy) and decode back")
    func coding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Fitness([1, 2, 3])), as: UTF8.self) == #"{"values":[1,2,3]}"#)
        var individual = Individual(genome: [0.5, 1], strategy: [0.1])
        individual.assign(Fitness([1, 2, 3]), objectives: [.minimize("a"), .maximize("b"), .minimize("c")])
        individual.failure = "failed"
        individual.runIndex = 7
        let text = String(decoding: try encoder.encode(individual), as: UTF8.self)
        #expect(text == #"{"failure":"failed","fitness":{"values":[1,2,3]},"genome":[0.5,1],"runIndex":7,"strategy":[0.1],"weighted":[-1,2,-3]}"#)
        #expect(try JSONDecoder().decode(Individual.self, from: Data(text.utf8)) == individual)
        let bare = Individual(genome: [2])
        let bareText = String(decoding: try encoder.encode(bare), as: UTF8.self)
        #expect(bareText == #"{"genome":[2],"strategy":[],"weighted":[]}"#)
        #expect(try JSONDecoder().decode(Individual.self, from: Data(bareText.utf8)) == bare)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Individual.self, from: Data(#"{"weighted":[]}"#.utf8)) }
    }
}
