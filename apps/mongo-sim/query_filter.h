// Query filters: the subset of MongoDB's query language the simulator evaluates, for find/count/
// update/delete and for $match stages over change events.
//
// Supported: implicit equality (including "array contains"), $eq $ne $gt $gte $lt $lte $in $nin
// $exists on dotted paths, and $and / $or / $nor. Anything else is rejected by Validate so that a
// test never silently matches everything.
#pragma once

#include <bson/bson.h>

#include "core/status.h"

namespace mongosim {

// Checks that `filter` only uses supported operators. The message names the first one that isn't.
core::Status ValidateFilter(const bson_t& filter);

// True if `doc` satisfies `filter`. `filter` must have passed ValidateFilter.
bool Matches(const bson_t& filter, const bson_t& doc);

}  // namespace mongosim
