// CGSL: the C side of swift-pypet's GSLRandom layer.
//
// Header-only, getters only. The generator types (`gsl_rng_mt19937`, ...) are global variables that
// Swift 6 refuses to read from concurrent code ("not concurrency-safe"); the getters return them.
// Everything else is imported from GSL's headers unchanged.
#ifndef SWIFT_PYPET_CGSL_SHIM_H
#define SWIFT_PYPET_CGSL_SHIM_H

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_version.h>

static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const char *cgsl_version(void) { return GSL_VERSION; }

#endif
