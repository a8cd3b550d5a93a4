import Pypet

extension Network {
    /// The weights and biases as one array (`w1`, `b1`, `w2`, `b2`): what a checkpoint saves.
    var state: [Double] { w1 + b1 + w2 + b2 }

    /// A network of this shape with the weights and biases of `state` (from ``state``).
    init(inputs: Int, hidden: Int, outputs: Int, activation: Activation, state: [Double]) throws {
        let sizes = [inputs * hidden, hidden, hidden * outputs, outputs]
        guard state.count == sizes.reduce(0, +) else {
            throw Digits.ValidationFailure(
                message: "a checkpoint of \(state.count) values does not fit a network of \(inputs)-\(hidden)-\(outputs) units (\(sizes.reduce(0, +)) values)")
        }
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.activation = activation
        var start = 0
        func next(_ count: Int) -> [Double] {
            defer { start += count }
            return Array(state[start..<(start + count)])
        }
        w1 = next(sizes[0])
        b1 = next(sizes[1])
        w2 = next(sizes[2])
        b2 = next(sizes[3])
    }
}
