// A shard's parameters to and from the bytes a node receives when it hosts the shard.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "actors/shortener/shard_actor.hpp"

namespace sdsim::shortener {

/// `p` as protobuf bytes (ShardSpec); the clock stays behind, the node has its own.
std::string encode_shard_spec(const shard_params& p);

/// The parameters in `bytes`, running on `clock`; nullopt when they do not parse.
std::optional<shard_params> decode_shard_spec(const std::string& bytes,
                                              const core::sim_clock* clock);

}  // namespace sdsim::shortener
