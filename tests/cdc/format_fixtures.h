// Sample change events (canonical Extended JSON input) with their exact expected encodings,
// shared by the format unit tests and the DuckDB read-back tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cdc/event/bson_ptr.h"

namespace cdc::test_events {

inline BsonPtr FromJson(const std::string& json) {
  bson_error_t err;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                 static_cast<ssize_t>(json.size()), &err);
  EXPECT_NE(b, nullptr) << err.message;
  return BsonPtr(b);
}

// 2025-01-15T10:30:45Z, increment 7. Strings with a comma, quotes, a newline and unicode.
inline constexpr const char* kInsert =
    R"({"_id":{"_data":"82678781550000000701"},"operationType":"insert",)"
    R"("clusterTime":{"$timestamp":{"t":1736937045,"i":7}},)"
    R"("wallTime":{"$date":{"$numberLong":"1736937045123"}},"ns":{"db":"shop","coll":"orders"},)"
    R"("documentKey":{"_id":{"$oid":"650000000000000000000001"}},)"
    R"("fullDocument":{"_id":{"$oid":"650000000000000000000001"},"name":"Caf\u00e9, \"best\"\nline 2",)"
    R"("qty":{"$numberInt":"3"},"price":{"$numberDecimal":"9.99"}}})";

inline constexpr const char* kInsertRelaxedLine =
    R"({"_id":{"_data":"82678781550000000701"},"operationType":"insert",)"
    R"("clusterTime":{"$timestamp":{"t":1736937045,"i":7}},)"
    R"("wallTime":{"$date":"2025-01-15T10:30:45.123Z"},"ns":{"db":"shop","coll":"orders"},)"
    R"("documentKey":{"_id":{"$oid":"650000000000000000000001"}},)"
    "\"fullDocument\":{\"_id\":{\"$oid\":\"650000000000000000000001\"},\"name\":\"Caf\xC3\xA9, "
    "\\\"best\\\"\\nline 2\","
    R"("qty":3,"price":{"$numberDecimal":"9.99"}}})";

inline constexpr const char* kInsertCsvRow =
    "insert,shop,orders,,,2025-01-15T10:30:45Z,7,2025-01-15T10:30:45.123Z,"
    R"("{""_id"":{""$oid"":""650000000000000000000001""}}",)"
    "\"{\"\"_id\"\":{\"\"$oid\"\":\"\"650000000000000000000001\"\"},\"\"name\"\":\"\"Caf\xC3\xA9, "
    "\\\"\"best\\\"\"\\nline "
    "2\"\",\"\"qty\"\":3,\"\"price\"\":{\"\"$numberDecimal\"\":\"\"9.99\"\"}}\","
    ",,,,,,,,,"
    R"("{""_data"":""82678781550000000701""}")"
    "\r\n";

// An update with pre-image, removed fields, a transaction and a collection UUID.
inline constexpr const char* kUpdate =
    R"({"_id":{"_data":"82678781550000000801"},"operationType":"update",)"
    R"("clusterTime":{"$timestamp":{"t":1736937045,"i":8}},"ns":{"db":"shop","coll":"orders"},)"
    R"("documentKey":{"_id":{"$numberLong":"42"}},)"
    R"("updateDescription":{"updatedFields":{"qty":{"$numberInt":"4"}},"removedFields":["note"],)"
    R"("truncatedArrays":[]},)"
    R"("fullDocumentBeforeChange":{"_id":{"$numberLong":"42"},"qty":{"$numberInt":"3"},"note":"x"},)"
    R"("txnNumber":{"$numberLong":"5"},)"
    R"("lsid":{"id":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}},)"
    R"("collectionUUID":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}})";

inline constexpr const char* kUpdateRelaxedLine =
    R"({"_id":{"_data":"82678781550000000801"},"operationType":"update",)"
    R"("clusterTime":{"$timestamp":{"t":1736937045,"i":8}},"ns":{"db":"shop","coll":"orders"},)"
    R"("documentKey":{"_id":42},)"
    R"("updateDescription":{"updatedFields":{"qty":4},"removedFields":["note"],)"
    R"("truncatedArrays":[]},)"
    R"("fullDocumentBeforeChange":{"_id":42,"qty":3,"note":"x"},)"
    R"("txnNumber":5,)"
    R"("lsid":{"id":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}},)"
    R"("collectionUUID":{"$binary":{"base64":"ESIzRFVmd4iZqrvM3e7/AA==","subType":"04"}}})";

inline constexpr const char* kUpdateCsvRow =
    "update,shop,orders,,,2025-01-15T10:30:45Z,8,,"
    R"("{""_id"":42}",,"{""_id"":42,""qty"":3,""note"":""x""}",)"
    R"("{""qty"":4}","[""note""]",[],,,5,)"
    R"("{""id"":{""$binary"":{""base64"":""ESIzRFVmd4iZqrvM3e7/AA=="",""subType"":""04""}}}",)"
    "11223344-5566-7788-99aa-bbccddeeff00,"
    R"("{""_data"":""82678781550000000801""}")"
    "\r\n";

}  // namespace cdc::test_events
