// DuckDB as an independent reader of what we write (Parquet, JSON Lines, CSV, .gz/.zst), through
// @duckdb/node-api (tests/support/js/duckdb_query.mjs).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace testing_support {

// Runs the statements in one in-memory database and returns the last one's rows, each as a JSON
// object on one line (e.g. {"n":"3","op":"insert"}; BIGINTs as strings). A DuckDB error returns
// InvalidArgument with DuckDB's message; a missing node/@duckdb/node-api an install hint.
core::Result<std::vector<std::string>> DuckDbQuery(const std::vector<std::string>& statements);

// A SQL string literal: 'it''s'.
std::string SqlLiteral(const std::string& s);

}  // namespace testing_support
