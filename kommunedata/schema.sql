-- Livskraft data contract: every table the app and analysts read. Documented in docs/schema.md.
-- Codes are 4-character text ("0101"); dates are DATE; validity intervals are [from, to).

-- Whether an interval [valid_from, valid_to) holds a day (valid_to NULL: still valid). Every query that
-- asks what was valid on a date uses this; kommunedata.sources.klass.valid_on is the same rule in Python.
CREATE MACRO valid_on(valid_from, valid_to, day) AS valid_from <= day AND (valid_to IS NULL OR valid_to > day);

CREATE TABLE build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE data_source (
    source_id   VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    publisher   VARCHAR NOT NULL,
    licence     VARCHAR NOT NULL,
    attribution VARCHAR NOT NULL,
    is_example  BOOLEAN NOT NULL
);

CREATE TABLE county (
    county_code VARCHAR NOT NULL,
    county_name VARCHAR NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    PRIMARY KEY (county_code)
);

CREATE TABLE municipality (
    code        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    county_code VARCHAR NOT NULL,
    county_name VARCHAR NOT NULL,
    lon         DOUBLE NOT NULL,
    lat         DOUBLE NOT NULL,
    PRIMARY KEY (code, valid_from)
);

CREATE TABLE municipality_successor (
    code           VARCHAR NOT NULL,
    successor_code VARCHAR NOT NULL,
    weight         DOUBLE NOT NULL CHECK (weight > 0 AND weight <= 1),
    PRIMARY KEY (code, successor_code)
);

CREATE TABLE municipality_shape (
    code           VARCHAR NOT NULL,
    structure_year INTEGER NOT NULL,
    name           VARCHAR NOT NULL,
    geojson        VARCHAR NOT NULL,
    PRIMARY KEY (code, structure_year)
);

-- Population of a code in a year, for population-weighted merging (see docs/schema.md).
CREATE TABLE population_weight (
    code       VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population DOUBLE NOT NULL,
    PRIMARY KEY (code, year)
);

CREATE TABLE theme (
    theme_id    VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    short_name  VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE network (
    network_id     VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    created_on     DATE NOT NULL,
    established_on DATE,
    is_example     BOOLEAN NOT NULL,
    CHECK (established_on IS NULL OR established_on >= created_on)
);

CREATE TABLE network_theme (
    network_id VARCHAR NOT NULL,
    theme_id   VARCHAR NOT NULL,
    chosen_on  DATE NOT NULL,
    PRIMARY KEY (network_id, theme_id)
);

CREATE TABLE membership (
    network_id        VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    joined_on         DATE NOT NULL,
    decision_on       DATE,
    left_on           DATE,
    PRIMARY KEY (network_id, municipality_code),
    CHECK (left_on IS NULL OR left_on > joined_on)
);

CREATE TABLE indicator (
    indicator_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    theme_id     VARCHAR,
    unit         VARCHAR NOT NULL,
    polarity     VARCHAR NOT NULL CHECK (polarity IN ('higher_better', 'lower_better', 'neutral')),
    aggregation  VARCHAR NOT NULL CHECK (aggregation IN ('sum', 'weighted_mean')),
    source       VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    is_example   BOOLEAN NOT NULL,
    decimals     INTEGER NOT NULL,
    description  VARCHAR NOT NULL
);

-- No primary key: at Kolada scale (tens of millions of rows) the index costs more than it gives.
-- Uniqueness of (indicator_id, municipality_code, year) is checked by the build instead.
CREATE TABLE indicator_value (
    indicator_id      VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    value             DOUBLE NOT NULL,
    -- true where the source apportioned the value with assumed weights (a split municipality)
    is_estimate       BOOLEAN NOT NULL DEFAULT false
);

-- Where each indicator has values, kept beside the values so a page never scans them all to ask: the
-- 2024 municipalities with at least one value, and each indicator's years. Written by the build and by
-- every import (kommunedata.store.summarise); the build checks that they agree with the values.
-- No primary key (at Kolada scale an index on millions of pairs costs memory); stored in municipality
-- order, so a question about one municipality reads a few row groups.
CREATE TABLE indicator_presence (
    indicator_id      VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL  -- a 2024 code
);

CREATE TABLE indicator_years (
    indicator_id VARCHAR PRIMARY KEY,
    first_year   INTEGER NOT NULL,
    last_year    INTEGER NOT NULL
);

-- Published values for the country and counties, where the source has them.
CREATE TABLE indicator_reference (
    indicator_id VARCHAR NOT NULL,
    region_level VARCHAR NOT NULL CHECK (region_level IN ('land', 'fylke')),
    region_code  VARCHAR NOT NULL,
    region_name  VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    value        DOUBLE NOT NULL
);

-- Every series on 2024 codes: a code's value goes to its successors by weight; "sum" indicators add
-- up, "weighted_mean" indicators are averaged with the population of each contributing part.
-- n_parts says how many published codes went into a value.
CREATE VIEW indicator_value_2024 AS
WITH parts AS (
    SELECT
        v.indicator_id,
        s.successor_code AS municipality_code,
        v.year,
        v.value,
        v.is_estimate OR s.weight < 1 AS is_estimate,
        s.weight,
        i.aggregation,
        s.weight * p.population AS mean_weight  -- the build checks that every weight exists
    FROM indicator_value AS v
    JOIN indicator AS i USING (indicator_id)
    JOIN municipality_successor AS s ON s.code = v.municipality_code
    LEFT JOIN population_weight AS p ON p.code = v.municipality_code AND p.year = v.year
)
SELECT
    indicator_id,
    municipality_code,
    year,
    CASE
        WHEN any_value(aggregation) = 'sum' THEN sum(value * weight)
        ELSE sum(value * mean_weight) / sum(mean_weight)
    END AS value,
    count(*) AS n_parts,
    bool_or(is_estimate) AS is_estimate
FROM parts
GROUP BY indicator_id, municipality_code, year;
