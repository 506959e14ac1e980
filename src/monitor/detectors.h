// The factories of the built-in detectors (one file each); MakeDetector picks one.
#pragma once

#include <memory>

#include "tocsin/monitor/detector.h"

namespace tocsin::monitor {

Result<std::unique_ptr<Detector>> MakeSurgeDetector(DetectorParameters& parameters);
Result<std::unique_ptr<Detector>> MakeExceedanceDetector(DetectorParameters& parameters);
Result<std::unique_ptr<Detector>> MakeCusumDetector(DetectorParameters& parameters);
Result<std::unique_ptr<Detector>> MakeResumptionDetector(DetectorParameters& parameters);
Result<std::unique_ptr<Detector>> MakeThresholdDetector(DetectorParameters& parameters);

}  // namespace tocsin::monitor
