// The streaming prelude (see prelude.hpp).
#include <mcp/lambda/prelude.hpp>

#include <boost/json/serialize.hpp>

namespace mcp::lambda {

namespace detail {
single_value_headers split_cookies(http::headers const& headers) {
    single_value_headers out;
    for (auto const& [name, value] : headers.fields()) {
        if (name == "set-cookie") {
            out.cookies.emplace_back(value);
        } else if (auto* existing = out.headers.if_contains(name)) {
            auto& joined = existing->get_string();
            joined.append(", ").append(value);
        } else {
            out.headers.emplace(name, value);
        }
    }
    return out;
}
} // namespace detail

std::string streaming_prelude(int status, http::headers const& headers) {
    auto [fields, cookies] = detail::split_cookies(headers);
    boost::json::object prelude;
    prelude.emplace("statusCode", status);
    prelude.emplace("headers", std::move(fields));
    prelude.emplace("cookies", std::move(cookies));
    auto out = boost::json::serialize(prelude);
    out.append(prelude_delimiter);
    return out;
}

} // namespace mcp::lambda
