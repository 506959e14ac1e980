-- The bootstrap interval of each forecast's risk (`tocsin forecast --intervals N`),
-- and on its run how many resamples were asked for and how many could be fitted
-- (those the intervals are made of). NULL everywhere when no interval was asked for.

ALTER TABLE model_runs ADD COLUMN interval_level REAL CHECK (interval_level > 0 AND interval_level < 1);
ALTER TABLE model_runs ADD COLUMN interval_resamples INTEGER CHECK (interval_resamples >= 0);
ALTER TABLE model_runs ADD COLUMN interval_resamples_used INTEGER
  CHECK (interval_resamples_used >= 0 AND interval_resamples_used <= interval_resamples);
ALTER TABLE forecasts ADD COLUMN risk_lower REAL CHECK (risk_lower >= 0 AND risk_lower <= 1);
ALTER TABLE forecasts ADD COLUMN risk_upper REAL CHECK (risk_upper >= risk_lower AND risk_upper <= 1);
