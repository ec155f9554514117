// The aws error category: its name and one message per errc.
#include <mcp/aws/error.hpp>

#include <string>

namespace mcp::aws {
namespace {

// boost::system::error_category's destructor is protected and not virtual by design (categories are never
// deleted through a base pointer); -Wnon-virtual-dtor does not know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class aws_category final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "mcp.aws"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::missing_configuration:
            return "AWS configuration missing (region or credentials)";
        case errc::invalid_configuration:
            return "AWS configuration invalid (endpoint or TLS setup)";
        case errc::rejected:
            return "the AWS service rejected the request";
        case errc::unavailable:
            return "the AWS endpoint cannot serve (unreachable, throttling or failing)";
        case errc::malformed_answer:
            return "the AWS endpoint's answer is malformed";
        }
        return "unknown AWS error " + std::to_string(value);
    }
};
#pragma GCC diagnostic pop

} // namespace

boost::system::error_category const& error_category() noexcept {
    static aws_category const instance;
    return instance;
}

bool cannot_serve(error const& e) {
    return e.code() == errc::unavailable || e.code() == errc::malformed_answer;
}

} // namespace mcp::aws
