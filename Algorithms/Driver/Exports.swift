// PypetAlgorithms is the environment driver on top of PypetOptimizers; importing it imports the optimizers
// too, so code written against the single module keeps compiling.
@_exported public import PypetOptimizers
