// Closed-form results for the M/M/c queue, for figures and the fidelity tests.
#pragma once

namespace sdsim::queueing {

/// Erlang's C formula: the probability that an arrival waits, for c servers at offered load
/// a = lambda / mu (requires a < c).
double erlang_c(int c, double a);

/// Mean sojourn (wait + service) of M/M/c in seconds; +infinity when lambda >= c * mu.
double mmc_mean_sojourn_s(int c, double lambda_per_s, double mu_per_s);

/// The q-quantile of M/M/1 sojourn (exponential with rate mu - lambda), in seconds.
double mm1_sojourn_quantile_s(double q, double lambda_per_s, double mu_per_s);

}  // namespace sdsim::queueing
