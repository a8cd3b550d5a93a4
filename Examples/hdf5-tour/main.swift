import HDF5
let f = try HDF5File.create("/tmp/x/b.h5", ifExists: .truncate)
try f.root.setAttribute("title", .string("Grüße"))
try f.close()
