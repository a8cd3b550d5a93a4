// The umbrella module: everything a user of swift-pypet needs with one import.
@_exported import GSLRandom
@_exported import PypetCore
@_exported import PypetStorage
