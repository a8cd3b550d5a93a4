import Foundation
import Pypet

/// A one-hidden-layer perceptron (inputs → hidden units with ReLU or tanh → softmax over 10 digits),
/// trained by mini-batch stochastic gradient descent with L2 weight decay on the cross-entropy loss.
struct Network {
    enum Activation: String { case relu, tanh }

    let inputs: Int, hidden: Int, outputs: Int
    let activation: Activation
    var w1: [Double], b1: [Double], w2: [Double], b2: [Double]

    /// Glorot-uniform weights drawn from `random`.
    init(inputs: Int, hidden: Int, outputs: Int, activation: Activation, random: RandomStream) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.activation = activation
        let limit1 = (6 / Double(inputs + hidden)).squareRoot(), limit2 = (6 / Double(hidden + outputs)).squareRoot()
        w1 = (0..<(inputs * hidden)).map { _ in (2 * random.uniform() - 1) * limit1 }
        b1 = [Double](repeating: 0, count: hidden)
        w2 = (0..<(hidden * outputs)).map { _ in (2 * random.uniform() - 1) * limit2 }
        b2 = [Double](repeating: 0, count: outputs)
    }

    private func forward(_ x: [Double], hiddenOut: inout [Double], probabilities: inout [Double]) {
        for j in 0..<hidden {
            var sum = b1[j]
            let row = j * inputs
            for i in 0..<inputs { sum += w1[row + i] * x[i] }
            hiddenOut[j] = activation == .relu ? max(0, sum) : tanh(sum)
        }
        var largest = -Double.infinity
        for k in 0..<outputs {
            var sum = b2[k]
            let row = k * hidden
            for j in 0..<hidden { sum += w2[row + j] * hiddenOut[j] }
            probabilities[k] = sum
            largest = max(largest, sum)
        }
        var total = 0.0
        for k in 0..<outputs {
            probabilities[k] = exp(probabilities[k] - largest)
            total += probabilities[k]
        }
        for k in 0..<outputs { probabilities[k] /= total }
    }

    /// Trains for `epochs` passes over the samples in `order` in batches of `batchSize`, shuffling `order`
    /// with `random` before every pass (so training epoch by epoch gives the same network as all at once).
    mutating func train(
        _ data: Digits, order: inout [Int], epochs: Int, batchSize: Int, learningRate: Double, weightDecay: Double, random: RandomStream
    ) {
        var hiddenOut = [Double](repeating: 0, count: hidden), probabilities = [Double](repeating: 0, count: outputs)
        var gw1 = [Double](repeating: 0, count: w1.count), gb1 = [Double](repeating: 0, count: hidden)
        var gw2 = [Double](repeating: 0, count: w2.count), gb2 = [Double](repeating: 0, count: outputs)
        var delta2 = [Double](repeating: 0, count: outputs), delta1 = [Double](repeating: 0, count: hidden)
        for _ in 0..<epochs {
            random.shuffle(&order)
            var start = 0
            while start < order.count {
                let batch = order[start..<min(order.count, start + batchSize)]
                for index in gw1.indices { gw1[index] = 0 }
                for index in gw2.indices { gw2[index] = 0 }
                for index in gb1.indices { gb1[index] = 0 }
                for index in gb2.indices { gb2[index] = 0 }
                for sample in batch {
                    let x = data.features[sample]
                    forward(x, hiddenOut: &hiddenOut, probabilities: &probabilities)
                    for k in 0..<outputs { delta2[k] = probabilities[k] - (k == data.labels[sample] ? 1 : 0) }
                    for j in 0..<hidden {
                        var sum = 0.0
                        for k in 0..<outputs { sum += w2[k * hidden + j] * delta2[k] }
                        let derivative = activation == .relu ? (hiddenOut[j] > 0 ? 1 : 0) : 1 - hiddenOut[j] * hiddenOut[j]
                        delta1[j] = sum * derivative
                    }
                    for k in 0..<outputs {
                        gb2[k] += delta2[k]
                        for j in 0..<hidden { gw2[k * hidden + j] += delta2[k] * hiddenOut[j] }
                    }
                    for j in 0..<hidden where delta1[j] != 0 {
                        gb1[j] += delta1[j]
                        let row = j * inputs
                        for i in 0..<inputs { gw1[row + i] += delta1[j] * x[i] }
                    }
                }
                let scale = learningRate / Double(batch.count)
                for index in w1.indices { w1[index] -= scale * gw1[index] + learningRate * weightDecay * w1[index] }
                for index in w2.indices { w2[index] -= scale * gw2[index] + learningRate * weightDecay * w2[index] }
                for index in b1.indices { b1[index] -= scale * gb1[index] }
                for index in b2.indices { b2[index] -= scale * gb2[index] }
                start += batchSize
            }
        }
    }

    /// The fraction of `indices` classified wrongly.
    func error(_ data: Digits, indices: [Int]) -> Double {
        var hiddenOut = [Double](repeating: 0, count: hidden), probabilities = [Double](repeating: 0, count: outputs)
        var wrong = 0
        for sample in indices {
            forward(data.features[sample], hiddenOut: &hiddenOut, probabilities: &probabilities)
            var best = 0
            for k in 1..<outputs where probabilities[k] > probabilities[best] { best = k }
            if best != data.labels[sample] { wrong += 1 }
        }
        return Double(wrong) / Double(indices.count)
    }
}
