// The storage error category: its name and one message per errc.
#include <mcp/storage/error.hpp>

#include <string>

namespace mcp::storage {
namespace {

// boost::system::error_category's destructor is protected and not virtual by design (categories are never
// deleted through a base pointer); -Wnon-virtual-dtor does not know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class storage_category final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "mcp.storage"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::unavailable:
            return "store unavailable";
        case errc::session_limit:
            return "session limit reached";
        case errc::conflict:
            return "conflicting update";
        case errc::invalid_configuration:
            return "invalid store configuration";
        case errc::schema_mismatch:
            return "store schema mismatch";
        case errc::malformed_data:
            return "malformed stored data";
        case errc::rejected:
            return "rejected by the store";
        }
        return "unknown storage error " + std::to_string(value);
    }
};
#pragma GCC diagnostic pop

} // namespace

boost::system::error_category const& error_category() noexcept {
    static storage_category const instance;
    return instance;
}

} // namespace mcp::storage
