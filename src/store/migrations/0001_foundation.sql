-- Countries (Gleditsch–Ward states), the country-year panel, model runs and their forecasts.

CREATE TABLE countries (
  gw       INTEGER PRIMARY KEY,
  iso3     TEXT,
  fips     TEXT,
  name     TEXT NOT NULL,
  region   TEXT
);

-- One imported panel file. A re-import of identical content is recognised by its hash.
CREATE TABLE panel_datasets (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL,
  data_hash    TEXT NOT NULL UNIQUE,
  rows         INTEGER NOT NULL,
  first_year   INTEGER NOT NULL,
  last_year    INTEGER NOT NULL,
  imported_at  TEXT NOT NULL
);

CREATE TABLE panel_variables (
  dataset_id  INTEGER NOT NULL REFERENCES panel_datasets(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, name)
);

-- One country-year of a dataset, in file order; values in panel_values.
CREATE TABLE panel_rows (
  dataset_id    INTEGER NOT NULL REFERENCES panel_datasets(id) ON DELETE CASCADE,
  row_number    INTEGER NOT NULL,
  country_name  TEXT NOT NULL,
  cow           INTEGER NOT NULL,
  gw            INTEGER REFERENCES countries(gw),
  year          INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, row_number),
  UNIQUE (dataset_id, cow, year)
);

-- NULL value = missing in the source.
CREATE TABLE panel_values (
  dataset_id  INTEGER NOT NULL,
  row_number  INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  value       REAL,
  PRIMARY KEY (dataset_id, row_number, position),
  FOREIGN KEY (dataset_id, row_number) REFERENCES panel_rows(dataset_id, row_number) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE model_runs (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('forecast', 'backtest')),
  model            TEXT NOT NULL,
  specification    TEXT NOT NULL,  -- JSON: target, predictors, alpha, folds, seed
  dataset_id       INTEGER NOT NULL REFERENCES panel_datasets(id),
  data_hash        TEXT NOT NULL,
  trained_through  INTEGER,
  forecast_year    INTEGER,
  training_rows    INTEGER,
  lambda           REAL,
  metrics          TEXT,           -- JSON
  coefficients     TEXT,           -- JSON: name -> coefficient, original scale
  seconds          REAL NOT NULL,
  created_at       TEXT NOT NULL
);

-- A risk for one country made from data of `data_year` by one run.
CREATE TABLE forecasts (
  run_id         INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  data_year      INTEGER NOT NULL,
  cow            INTEGER NOT NULL,
  gw             INTEGER REFERENCES countries(gw),
  country_name   TEXT NOT NULL,
  probability    REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
  rank           INTEGER NOT NULL,
  outcome        INTEGER,          -- known outcome (backtests)
  contributions  TEXT,             -- JSON: variable -> contribution to the log-odds
  PRIMARY KEY (run_id, data_year, cow)
);
CREATE INDEX forecasts_by_country ON forecasts(gw, data_year);
