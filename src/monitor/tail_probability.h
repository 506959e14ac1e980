// Upper tail probabilities of count distributions, for the exceedance detector.
#pragma once

namespace tocsin::monitor {

// P(X >= k) for X ~ Poisson(mean). 1 for k <= 0.
double PoissonUpperTail(double k, double mean);

// P(X >= k) for X negative binomial with the given mean and size (the
// dispersion: variance = mean + mean^2 / size; a large size is Poisson).
double NegativeBinomialUpperTail(double k, double mean, double size);

}  // namespace tocsin::monitor
