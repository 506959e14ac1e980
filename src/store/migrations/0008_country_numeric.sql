-- ISO 3166-1 numeric codes: the ids of the Natural Earth shapes the dashboard's map draws.
ALTER TABLE countries ADD COLUMN iso_numeric TEXT;
